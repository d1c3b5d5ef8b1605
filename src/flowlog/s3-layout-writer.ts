import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Writes derived records the way a Flow Log with an S3 destination would: gzip text files with a header line,
 * under `AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/`, named
 * `<account>_vpcflowlogs_<region>_<flow-log-id>_YYYYMMDDTHHmmZ_<hash>.log.gz`. The hash AWS uses is not
 * documented; here it is the first 8 hex digits of the file's records' SHA-256, so reruns name files alike.
 */
export async function writeS3Layout(records: readonly FlowLogRecord[], o: S3LayoutOptions): Promise<string[]> {
  const groups = new Map<string, FlowLogRecord[]>();
  for (const r of records) {
    const account = r.account_id ?? o.defaultAccount ?? '000000000000';
    const region = r.region ?? o.defaultRegion ?? 'us-east-1';
    const period = Math.floor((r.start ?? 0) / DELIVERY_PERIOD) * DELIVERY_PERIOD;
    const key = `${account} ${region} ${period}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  }
  const written: string[] = [];
  for (const [key, list] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
    const [account, region, period] = key.split(' ') as [string, string, string];
    const time = Number(period);
    const hash = createHash('sha256').update(JSON.stringify(list)).digest('hex').slice(0, 8);
    const folder = join(o.dir, s3Prefix({ account, region, time }));
    mkdirSync(folder, { recursive: true });
    const path = join(folder, s3ObjectName({ account, region, flowLogId: o.flowLogId, time, hash }));
    const writer = await FlowLogWriter.open(path, { format: o.format, gzip: true });
    await writer.writeAll(list);
    await writer.close();
    written.push(path);
  }
  return written;
}
