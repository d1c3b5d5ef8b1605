import { createHash, type Hash } from 'node:crypto';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { MirrorscopeError } from '../errors.js';
import type { FlowLogRecord } from './flow-log-record.js';
import { FlowLogWriter } from './flow-log-writer.js';
import { s3ObjectName, s3Prefix } from './s3-flow-log-path.js';
import type { FlowLogFormat } from './vpc-flow-log-fields.js';

export interface S3LayoutOptions {
  /** Local folder standing in for the bucket: files go under `<dir>/AWSLogs/...`. */
  dir: string;
  flowLogId: string;
  format: FlowLogFormat;
  /** Used when a record has no account (no --sources). AWS account ids are 12 digits; this one is a placeholder. */
  defaultAccount?: string;
  defaultRegion?: string;
}

/** AWS delivers a file per five minutes; records go to the file of the period their window starts in. */
const DELIVERY_PERIOD = 300;

interface OpenFile {
  account: string;
  region: string;
  period: number;
  folder: string;
  partial: string;
  writer: FlowLogWriter;
  hash: Hash;
  records: number;
}

/**
 * Writes derived records the way a Flow Log with an S3 destination would: gzip text files with a header line,
 * under `AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/`, named
 * `<account>_vpcflowlogs_<region>_<flow-log-id>_YYYYMMDDTHHmmZ_<hash>.log.gz`. The hash AWS uses is not
 * documented; here it is the first 8 hex digits of the SHA-256 of the file's records as a JSON array, so reruns
 * name files alike.
 *
 * Records stream through: they must come in order of start time (as replay's sorted output does), so a file is
 * complete, renamed to its final name and closed as soon as a record of a later period arrives. Memory holds one
 * open file per account and region, not the records.
 */
export class S3LayoutWriter {
  private readonly files = new Map<string, OpenFile>();
  private period = Number.NEGATIVE_INFINITY;
  private readonly written: string[] = [];

  constructor(private readonly o: S3LayoutOptions) {}

  async add(r: FlowLogRecord): Promise<void> {
    const period = Math.floor((r.start ?? 0) / DELIVERY_PERIOD) * DELIVERY_PERIOD;
    if (period < this.period) {
      throw new MirrorscopeError('FLOWLOG_S3_ORDER', `S3 layout records must come in start order: ${r.start} after period ${this.period}`);
    }
    if (period > this.period) {
      for (const [key, f] of this.files) if (f.period < period) await this.finish(key, f);
      this.period = period;
    }
    const account = r.account_id ?? this.o.defaultAccount ?? '000000000000';
    const region = r.region ?? this.o.defaultRegion ?? 'us-east-1';
    const key = `${account} ${region}`;
    let f = this.files.get(key);
    if (f === undefined) {
      const folder = join(this.o.dir, s3Prefix({ account, region, time: period }));
      mkdirSync(folder, { recursive: true });
      const partial = join(folder, `.${account}_${region}_${period}.partial`);
      const writer = await FlowLogWriter.open(partial, { format: this.o.format, gzip: true });
      f = { account, region, period, folder, partial, writer, hash: createHash('sha256'), records: 0 };
      this.files.set(key, f);
    }
    f.hash.update(f.records === 0 ? '[' : ',');
    f.hash.update(JSON.stringify(r));
    f.records++;
    if (!f.writer.write(r)) await f.writer.drain();
  }

  /** Finishes every open file; returns the paths of all files written. */
  async close(): Promise<string[]> {
    for (const [key, f] of this.files) await this.finish(key, f);
    return [...this.written];
  }

  private async finish(key: string, f: OpenFile): Promise<void> {
    this.files.delete(key);
    await f.writer.close();
    const hash = f.hash.update(']').digest('hex').slice(0, 8);
    const path = join(f.folder, s3ObjectName({ account: f.account, region: f.region, flowLogId: this.o.flowLogId, time: f.period, hash }));
    renameSync(f.partial, path);
    this.written.push(path);
  }
}

/** Writes records given in any order (sorted here by start time) through an S3LayoutWriter. */
export async function writeS3Layout(records: readonly FlowLogRecord[], o: S3LayoutOptions): Promise<string[]> {
  const writer = new S3LayoutWriter(o);
  const ordered = [...records].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  for (const r of ordered) await writer.add(r);
  return writer.close();
}
