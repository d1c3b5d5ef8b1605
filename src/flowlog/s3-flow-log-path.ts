import { MirrorscopeError } from '../errors.js';

/** A moment as a Date, or as unix seconds (the unit of flow-log start/end). */
export type FlowLogTime = Date | number;

export interface S3ObjectNameParts {
  account: string;
  region: string;
  /** The flow log's id, `fl-1234abcd`. */
  flowLogId: string;
  /** The start of the 5-minute delivery period the file covers (UTC). */
  time: FlowLogTime;
  /** AWS's per-file hash, e.g. `fe123456`. */
  hash: string;
  /** File suffix; default `.log.gz` (AWS's text files). AWS does not document the Parquet suffix. */
  suffix?: string;
}

export interface S3PrefixParts {
  account: string;
  region: string;
  time: FlowLogTime;
  /** Hive-compatible prefixes: `aws-account-id=.../year=YYYY/...`. */
  hive?: boolean;
  /** Hourly partitions: an extra `HH/` (or `hour=HH/`) level. */
  hourly?: boolean;
  /** The bucket folder before `AWSLogs/`, e.g. `my-logs/`; default none. */
  bucketPrefix?: string;
}

/** `<account>_vpcflowlogs_<region>_<flow-log-id>_YYYYMMDDTHHmmZ_<hash>.log.gz`, as AWS names delivered files. */
export function s3ObjectName(parts: S3ObjectNameParts): string {
  const t = utcParts(parts.time);
  for (const [key, value] of [['account', parts.account], ['region', parts.region], ['flowLogId', parts.flowLogId], ['hash', parts.hash]] as const) {
    if (value.length === 0 || /[\s/]/.test(value)) {
      throw new MirrorscopeError('FLOWLOG_BAD_NAME', `S3 object name: ${key} must be non-empty without spaces or '/', got "${value}"`);
    }
  }
  const stamp = `${t.year}${t.month}${t.day}T${t.hour}${t.minute}Z`;
  return `${parts.account}_vpcflowlogs_${parts.region}_${parts.flowLogId}_${stamp}_${parts.hash}${parts.suffix ?? '.log.gz'}`;
}

/**
 * The folder AWS delivers into: `AWSLogs/<acct>/vpcflowlogs/<region>/YYYY/MM/DD/`, or the Hive-compatible
 * `AWSLogs/aws-account-id=<acct>/aws-service=vpcflowlogs/aws-region=<region>/year=YYYY/month=MM/day=DD/`.
 */
export function s3Prefix(parts: S3PrefixParts): string {
  const t = utcParts(parts.time);
  let prefix = parts.bucketPrefix ?? '';
  if (prefix.length > 0 && !prefix.endsWith('/')) prefix += '/';
  if (parts.hive === true) {
    prefix += `AWSLogs/aws-account-id=${parts.account}/aws-service=vpcflowlogs/aws-region=${parts.region}/`;
    prefix += `year=${t.year}/month=${t.month}/day=${t.day}/`;
    if (parts.hourly === true) prefix += `hour=${t.hour}/`;
  } else {
    prefix += `AWSLogs/${parts.account}/vpcflowlogs/${parts.region}/${t.year}/${t.month}/${t.day}/`;
    if (parts.hourly === true) prefix += `${t.hour}/`;
  }
  return prefix;
}

/** The full object key: prefix then name, both for the same time. */
export function s3ObjectKey(parts: S3ObjectNameParts & Omit<S3PrefixParts, 'time'>): string {
  return s3Prefix(parts) + s3ObjectName(parts);
}

interface UtcParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function utcParts(time: FlowLogTime): UtcParts {
  const date = typeof time === 'number' ? new Date(time * 1000) : time;
  if (Number.isNaN(date.getTime())) throw new MirrorscopeError('FLOWLOG_BAD_NAME', `S3 object name: invalid time ${String(time)}`);
  const two = (n: number): string => String(n).padStart(2, '0');
  return {
    year: String(date.getUTCFullYear()).padStart(4, '0'),
    month: two(date.getUTCMonth() + 1),
    day: two(date.getUTCDate()),
    hour: two(date.getUTCHours()),
    minute: two(date.getUTCMinutes()),
  };
}
