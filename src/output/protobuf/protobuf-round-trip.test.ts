import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { MirrorscopeError } from '../../errors.js';
import { flowLogRecord } from '../../flowlog/index.js';
import type { FlowLogRecord } from '../../flowlog/index.js';
import { decodeProtobufFileToJsonLines } from './decode-protobuf-file.js';
import { alertMessageFromEve } from './eve-alert-message.js';
import { mirrorscopeProtoSource } from './protobuf-schema.js';
import type { AlertMessage, MirrorscopeEvent, StatsMessage } from './protobuf-event.js';
import { readProtobufEvents } from './protobuf-reader.js';
import { ProtobufEventWriter } from './protobuf-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'mirrorscope-protobuf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path: string): Promise<MirrorscopeEvent[]> {
  const out: MirrorscopeEvent[] = [];
  for await (const event of readProtobufEvents(path)) out.push(event);
  return out;
}

function record(i: number): FlowLogRecord {
  return flowLogRecord({
    version: 5,
    account_id: i % 2 === 0 ? '123456789012' : null,
    interface_id: `eni-${i}`,
    srcaddr: '203.0.113.50',
    dstaddr: '10.0.0.11',
    srcport: i % 3 === 0 ? 0 : 41000 + i,
    dstport: 80,
    protocol: 6,
    packets: 5 + i,
    bytes: 900 * (i + 1),
    start: 1795774000 + i,
    end: 1795774003 + i,
    action: 'ACCEPT',
    log_status: 'OK',
    tcp_flags: 3,
    type: 'IPv4',
    pkt_srcaddr: '203.0.113.50',
    pkt_dstaddr: '10.0.0.11',
    region: 'eu-west-1',
    az_id: 'euw1-az1',
    flow_direction: 'ingress',
    traffic_path: i % 2 === 0 ? null : 8,
    ecs_task_id: i === 1 ? 'task' : null,
  });
}

function alert(i: number): AlertMessage {
  const base: AlertMessage = {
    timestamp: `2026-11-27T10:38:0${i % 10}.123456+0000`,
    timestamp_us: 1795774000123456 + i,
    flow_id: 1234 + i * 1_000_000_000,
    src_ip: '203.0.113.50',
    src_port: 41000 + i,
    dest_ip: '10.0.0.11',
    dest_port: i === 0 ? 0 : 80,
    proto: 'TCP',
    tunnel: { type: i % 2 === 0 ? 'vxlan' : 'geneve', vni: 7001 + i, src_ip: '10.0.0.11', dest_ip: '10.0.9.9' },
    alert: { action: 'allowed', gid: 1, signature_id: 9100001 + i, rev: 1, signature: `sig ${i} ✓`, category: 'Misc', severity: 2 },
    app_proto: 'http',
    flow_log: record(i),
    extra_json: JSON.stringify({ http: { hostname: 'example.com', url: `/${i}` } }),
  };
  if (i % 3 !== 1) return base;
  // ICMP-like alert without ports, tunnel, app_proto or flow log: optional members stay absent.
  const { src_port: _s, dest_port: _d, tunnel: _t, app_proto: _a, flow_log: _f, extra_json: _e, ...rest } = base;
  return { ...rest, proto: 'ICMP', icmp_type: 8, icmp_code: 0, pcap_cnt: i + 1 };
}

function stats(i: number): StatsMessage {
  return {
    timestamp: '2026-11-27T10:39:00.000000+0000',
    timestamp_us: 1795774740000000 + i,
    values: { 'decoder.pkts': 1000 * i, 'flow.active': i, 'decoder.avg_pkt_size': 512.5, uptime: 60 * i },
  };
}

describe('Protobuf writer and reader', () => {
  it('round-trips N events of each kind', async () => {
    const path = join(dir, 'events.pb');
    const events: MirrorscopeEvent[] = [];
    for (let i = 0; i < 40; i++) {
      events.push({ alert: alert(i) }, { flow_log: record(i) }, { stats: stats(i) });
    }
    // A small flush threshold makes batches end mid-stream, and the reader's 1 MiB chunks are exercised below.
    const writer = await ProtobufEventWriter.open(path, { flushBytes: 300 });
    for (const event of events) writer.write(event);
    expect(writer.eventsWritten).toBe(120);
    await writer.close();
    await writer.close();
    expect(await readAll(path)).toEqual(events);
  });

  it('reads a file larger than one read chunk, messages spanning chunk boundaries', async () => {
    const path = join(dir, 'large.pb');
    const writer = await ProtobufEventWriter.open(path);
    const n = 12_000;
    for (let i = 0; i < n; i++) writer.writeAlert(alert(i));
    await writer.close();
    expect(statSync(path).size).toBeGreaterThan(2 << 20);
    let count = 0;
    let last: MirrorscopeEvent | null = null;
    for await (const event of readProtobufEvents(path)) {
      count++;
      last = event;
    }
    expect(count).toBe(n);
    expect(last).toEqual({ alert: alert(n - 1) });
  });

  it('writes 64-bit values given as bigint exactly, and reads values above 2^53 as decimal strings', async () => {
    const path = join(dir, 'bigint.pb');
    const writer = await ProtobufEventWriter.open(path);
    writer.writeAlert({ ...alert(0), flow_id: 18446744073709551615n, timestamp_us: 1795774000123456n });
    writer.writeAlert({ ...alert(0), flow_id: 42n });
    await writer.close();
    const [a, b] = (await readAll(path)) as Array<{ alert: AlertMessage }>;
    expect(a!.alert.flow_id).toBe('18446744073709551615');
    expect(a!.alert.timestamp_us).toBe(1795774000123456);
    expect(b!.alert.flow_id).toBe(42);
  });

  it('reports a truncated last message with the file and byte offset, after the complete events', async () => {
    const path = join(dir, 'cut.pb');
    const writer = await ProtobufEventWriter.open(path);
    writer.writeFlowLog(record(0));
    writer.writeFlowLog(record(1));
    await writer.close();
    const size = statSync(path).size;
    const bytes = readFileSync(path);
    const prefix = (at: number): [number, number] =>
      bytes[at]! < 0x80 ? [bytes[at]!, 1] : [(bytes[at]! & 0x7f) + bytes[at + 1]! * 128, 2];
    const [firstBody, firstPrefix] = prefix(0);
    const secondAt = firstPrefix + firstBody;
    const [secondBody, secondPrefix] = prefix(secondAt);
    expect(secondAt + secondPrefix + secondBody).toBe(size);
    truncateSync(path, size - 3);
    const seen: MirrorscopeEvent[] = [];
    const error = await (async () => {
      for await (const event of readProtobufEvents(path)) seen.push(event);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ flow_log: record(0) }]);
    expect(error).toBeInstanceOf(MirrorscopeError);
    expect((error as MirrorscopeError).code).toBe('PROTOBUF_TRUNCATED');
    expect((error as MirrorscopeError).message).toBe(
      `${path}: truncated message at byte offset ${secondAt}: ${secondBody} bytes announced, ${secondBody - 3} present`,
    );
  });

  it('reports a missing file and a file that is not a Protobuf stream in one line', async () => {
    await expect(readAll(join(dir, 'none.pb'))).rejects.toThrow(`file not found: ${join(dir, 'none.pb')}`);
    const junk = join(dir, 'junk.pb');
    writeFileSync(junk, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
    await expect(readAll(junk)).rejects.toThrow(/junk\.pb: length prefix at byte offset 0 announces \d+ bytes/);
  });

  it('refuses to open a file in a missing directory with a MirrorscopeError naming it', async () => {
    const path = join(dir, 'no-such-dir', 'x.pb');
    await expect(ProtobufEventWriter.open(path)).rejects.toThrow(`cannot write ${path}: no such directory`);
  });

  it('decodes a file to EVE-shaped JSON lines', async () => {
    const path = join(dir, 'decode.pb');
    const writer = await ProtobufEventWriter.open(path);
    const eve = {
      timestamp: '2026-11-27T10:38:02.123456+0000',
      flow_id: 1234,
      event_type: 'alert',
      src_ip: '203.0.113.50',
      src_port: 41000,
      dest_ip: '10.0.0.11',
      dest_port: 80,
      proto: 'TCP',
      tunnel: { type: 'vxlan', vni: 7001, src_ip: '10.0.0.11', dest_ip: '10.0.9.9' },
      alert: { action: 'allowed', gid: 1, signature_id: 9100001, rev: 1, signature: 'x', category: 'y', severity: 2 },
      app_proto: 'http',
      http: { hostname: 'example.com' },
      flow_log: { version: 2, srcaddr: '203.0.113.50', packets: 5 },
    };
    writer.writeAlert(alertMessageFromEve({ ...eve, flow_log: flowLogRecord(eve.flow_log) }, 1795774000123456));
    writer.writeFlowLog(flowLogRecord({ version: 2, srcaddr: '10.0.0.1', packets: 3 }));
    writer.writeStats(stats(1));
    await writer.close();
    let text = '';
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    });
    expect(await decodeProtobufFileToJsonLines(path, out)).toBe(3);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual(eve);
    expect(Object.keys(lines[0]!)).toEqual(Object.keys(eve));
    expect(lines[1]).toEqual({ event_type: 'flow_log', version: 2, srcaddr: '10.0.0.1', packets: 3 });
    expect(lines[2]).toEqual({
      timestamp: '2026-11-27T10:39:00.000000+0000',
      event_type: 'stats',
      stats: { decoder: { pkts: 1000, avg_pkt_size: 512.5 }, flow: { active: 1 }, uptime: 60 },
    });
  });
});

describe('schema file', () => {
  it('is copied beside the compiled modules by the build', () => {
    const source = readFileSync(new URL('./mirrorscope.proto', import.meta.url), 'utf8');
    const built = readFileSync(new URL('../../../dist/src/output/protobuf/mirrorscope.proto', import.meta.url), 'utf8');
    expect(built).toBe(source);
    expect(mirrorscopeProtoSource()).toBe(source);
  });
});
