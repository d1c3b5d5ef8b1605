import type { LogFormat, LogLevel } from '../ops/index.js';

/** Every setting of `mirrorscope listen`, resolved: option > environment > config file > default. */
export interface ListenConfig {
  /** UDP port for VXLAN deliveries; also the TCP health-check listener's port. */
  readonly port: number;
  /** UDP port for GENEVE (Gateway Load Balancer) deliveries. */
  readonly genevePort: number;
  readonly host: string;
  /** HTTP port for /healthz and /metrics. */
  readonly healthPort: number;
  /** Rules files or directories. */
  readonly rules: readonly string[];
  readonly eve: string | null;
  readonly flowLogOut: string | null;
  /** AWS custom format string; the AWS default (version 2) format when not set. */
  readonly flowLogFormat: string;
  readonly flowLogs: readonly string[];
  readonly report: string | null;
  readonly aggregationInterval: 60 | 600;
  readonly sources: string | null;
  readonly workers: number;
  readonly vars: string | null;
  /** Seconds between stats (EVE stats event, EMF lines); 0 turns periodic stats off. */
  readonly statsInterval: number;
  /** Path for CloudWatch embedded-metric-format lines; `-` is stdout. */
  readonly emf: string | null;
  readonly emfNamespace: string;
  readonly protobuf: string | null;
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
  /** The config file that was read, if any. */
  readonly config: string | null;
}

export type ListenSettingKey = keyof ListenConfig;

/** Where a resolved value came from. */
export type SettingOrigin = 'option' | 'env' | 'file' | 'default';
