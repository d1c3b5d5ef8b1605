import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { DEFAULT_FLOW_LOG_FORMAT, FlowLogReadStats, FlowLogWriter, flowLogRecord, readFlowLogBatches } from '../src/flowlog/index.js';
import type { FlowLogRecord } from '../src/flowlog/index.js';

export interface FlowLogIngestResult {
  format: string;
  records: number;
  /** Size of the input on disk. */
  bytes: number;
  seconds: number;
  recordsPerSecond: number;
  /** CPU time of the process (all threads, GC included): steadier than wall time on a shared machine. */
  cpuSeconds: number;
}

const RECORDS = 1_000_000;

/** A deterministic, varied default-format record: 4096 hosts, random-looking ports, both actions. */
function syntheticRecord(i: number): FlowLogRecord {
  const host = i % 4096;
  return flowLogRecord({
    version: 2,
    account_id: '123456789012',
    interface_id: `eni-0${(100000000000000 + (i % 64)).toString(16)}`,
    srcaddr: `10.${(host >> 8) & 255}.${host & 255}.${(i * 7) & 255}`,
    dstaddr: `172.31.${(i >> 4) & 255}.${(i * 13) & 255}`,
    srcport: 1024 + ((i * 2654435761) >>> 0) % 64511,
    dstport: [22, 80, 443, 3389, 5432][i % 5]!,
    protocol: i % 17 === 0 ? 17 : 6,
    packets: 1 + (i % 500),
    bytes: 40 + (i % 500) * 1200,
    start: 1795774000 + (i % 600),
    end: 1795774000 + (i % 600) + 59,
    action: i % 11 === 0 ? 'REJECT' : 'ACCEPT',
    log_status: 'OK',
  });
}

async function writeText(path: string): Promise<void> {
  const writer = await FlowLogWriter.open(path);
  for (let i = 0; i < RECORDS; i++) {
    if (!writer.write(syntheticRecord(i))) await writer.drain();
  }
  await writer.close();
}

/** Parquet as AWS delivers it: underscore columns, INT32/INT64/STRING, Gzip pages. */
async function writeParquet(path: string): Promise<void> {
  const fields = DEFAULT_FLOW_LOG_FORMAT.fields;
  const columns = fields.map(() => new Array<unknown>(RECORDS));
  for (let i = 0; i < RECORDS; i++) {
    const record = syntheticRecord(i);
    for (let c = 0; c < fields.length; c++) {
      const spec = fields[c]!;
      const value = record[spec.column];
      columns[c]![i] = spec.parquetType === 'INT_64' && value !== null ? BigInt(value) : value;
    }
  }
  const columnData: ColumnSource[] = fields.map((spec, c) => ({
    name: spec.column,
    type: spec.parquetType === 'STRING' ? 'STRING' : spec.parquetType === 'INT_64' ? 'INT64' : 'INT32',
    data: columns[c]!,
  }));
  const bytes = parquetWriteBuffer({ columnData, codec: 'GZIP', compressors: { GZIP: (input) => gzipSync(input) }, rowGroupSize: 100_000 });
  await writeFile(path, new Uint8Array(bytes));
}

async function measure(format: string, path: string): Promise<FlowLogIngestResult> {
  const stats = new FlowLogReadStats();
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  let records = 0;
  for await (const batch of readFlowLogBatches([path], stats)) records += batch.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  if (records !== RECORDS || stats.skippedLines !== 0) {
    throw new Error(`${format}: read ${records} records with ${stats.skippedLines} skipped lines, expected ${RECORDS}`);
  }
  return {
    format,
    records,
    bytes: (await stat(path)).size,
    seconds,
    recordsPerSecond: Math.round(records / seconds),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/** Generates one million default-format records as text, text.gz and Parquet, and times ingesting each. */
export async function benchFlowLogIngest(): Promise<FlowLogIngestResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mirrorscope-flowlog-bench-'));
  try {
    const text = join(dir, 'flows.log');
    const gz = join(dir, 'flows.log.gz');
    const parquet = join(dir, 'flows.parquet');
    await writeText(text);
    await writeText(gz);
    await writeParquet(parquet);
    return [await measure('text', text), await measure('text.gz', gz), await measure('parquet (gzip pages)', parquet)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
