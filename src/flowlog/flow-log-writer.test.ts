import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MirrorscopeError } from '../errors.js';
import { flowLogRecord } from './flow-log-record.js';
import type { FlowLogRecord } from './flow-log-record.js';
import { FlowLogWriter } from './flow-log-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'flowlog-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sample(i: number): FlowLogRecord {
  return flowLogRecord({
    version: 2,
    account_id: '123456789010',
    interface_id: 'eni-1235b8ca123456789',
    srcaddr: '172.31.16.139',
    dstaddr: '172.31.16.21',
    srcport: 20000 + (i % 40000),
    dstport: 22,
    protocol: 6,
    packets: 20,
    bytes: 4249,
    start: 1418530010,
    end: 1418530070,
    action: 'ACCEPT',
    log_status: 'OK',
  });
}

describe('FlowLogWriter', () => {
  it('writes the header then one line per record, default format', async () => {
    const path = join(dir, 'plain.log');
    const writer = await FlowLogWriter.open(path);
    writer.write(sample(641));
    writer.write(flowLogRecord({ version: 2, account_id: '123456789010', interface_id: 'eni-1235b8ca123456789', start: 1431280876, end: 1431280934, log_status: 'NODATA' }));
    await writer.close();
    expect(readFileSync(path, 'utf8')).toBe(
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n' +
        '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n' +
        '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA\n',
    );
    expect(writer.recordsWritten).toBe(2);
  });

  it('flush() puts the records so far in the file before close, gzipped or not', async () => {
    for (const name of ['live.log', 'live.log.gz']) {
      const path = join(dir, name);
      const writer = await FlowLogWriter.open(path);
      writer.write(sample(1));
      writer.flush();
      const text = (): string => {
        const bytes = readFileSync(path);
        return name.endsWith('.gz') ? gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8') : bytes.toString('utf8');
      };
      for (let i = 0; i < 100 && !text().includes(' 20001 22 6 '); i++) await new Promise((r) => setTimeout(r, 10));
      expect(text().split('\n')[1]).toContain(' 20001 22 6 20 4249 ');
      await writer.close();
    }
  });

  it('gzips a .gz path and close() resolves only after the gzip trailer is on disk', async () => {
    const path = join(dir, 'many.log.gz');
    const writer = await FlowLogWriter.open(path, { format: '${srcport} ${dstport} ${tcp-flags}' });
    const count = 30_000; // well past the 64 KiB batching threshold, so several batches and drains happen
    for (let i = 0; i < count; i++) {
      if (!writer.write(flowLogRecord({ srcport: i % 65536, dstport: 443, tcp_flags: i % 2 === 0 ? 19 : null }))) await writer.drain();
    }
    await writer.close();
    const bytes = readFileSync(path);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const lines = gunzipSync(bytes).toString('utf8').split('\n');
    expect(lines[0]).toBe('srcport dstport tcp-flags');
    expect(lines).toHaveLength(count + 2); // header, records, empty string after the final newline
    expect(lines[1]).toBe('0 443 19');
    expect(lines[count]).toBe(`${(count - 1) % 65536} 443 -`);
  });

  it('writeAll appends in order and close is idempotent', async () => {
    const path = join(dir, 'all.log');
    const writer = await FlowLogWriter.open(path, { header: false, format: '${srcport}' });
    await writer.writeAll([sample(1), sample(2), sample(3)]);
    await Promise.all([writer.close(), writer.close()]);
    expect(readFileSync(path, 'utf8')).toBe('20001\n20002\n20003\n');
  });

  it('writes to a stream without ending it when asked', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = new FlowLogWriter(stream, { endOutput: false, format: '${version} ${action}' });
    writer.write(flowLogRecord({ version: 3, action: 'REJECT' }));
    await writer.close();
    expect(stream.writableEnded).toBe(false);
    expect(Buffer.concat(chunks).toString()).toBe('version action\n3 REJECT\n');
  });

  it('writes a complete gzip member to a stream it does not end', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = new FlowLogWriter(stream, { endOutput: false, gzip: true, format: '${version}' });
    writer.write(flowLogRecord({ version: 2 }));
    await writer.close();
    expect(gunzipSync(Buffer.concat(chunks)).toString()).toBe('version\n2\n');
  });

  it('refuses writes after close and reports a file it cannot create', async () => {
    const writer = await FlowLogWriter.open(join(dir, 'closed.log'));
    await writer.close();
    expect(() => writer.write(sample(0))).toThrowError(MirrorscopeError);
    const missing = join(dir, 'no-such-dir', 'x.log');
    await expect(FlowLogWriter.open(missing)).rejects.toThrowError(`cannot create flow log file ${missing}`);
  });

  it('rejects a bad format string before creating anything', () => {
    expect(() => new FlowLogWriter(new PassThrough(), { format: '${srcaddr} ${bogus}' })).toThrowError(/unknown field "bogus"/);
  });
});
