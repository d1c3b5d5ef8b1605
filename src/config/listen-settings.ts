import { availableParallelism } from 'node:os';
// From the defining modules, not the indexes: every start loads this file (listen's options are registered from
// it), and the indexes would bring the Flow Log readers and the ops servers along.
import { DEFAULT_FLOW_LOG_FORMAT_STRING, parseFlowLogFormat } from '../flowlog/vpc-flow-log-fields.js';
import { MirrorscopeError } from '../errors.js';
import { LOG_FORMATS, LOG_LEVELS } from '../ops/structured-log.js';
import type { ListenSettingKey } from './listen-config.js';
import {
  choiceParser,
  parseNonNegativeIntSetting,
  parsePathListSetting,
  parsePortSetting,
  parsePositiveIntSetting,
  parseStringSetting,
} from './setting-parsers.js';
import type { SettingParser } from './setting-parsers.js';

/** One setting of `listen`: how to spell it in each source, its default, and how to read a value. */
export interface ListenSettingSpec {
  readonly key: ListenSettingKey;
  /** Command-line option, e.g. `--health-port`. */
  readonly option: string;
  /** Placeholder for help text, e.g. `<port>`; empty for settings taking no value. */
  readonly valueName: string;
  /** Environment variable, e.g. `MIRRORSCOPE_HEALTH_PORT`. */
  readonly env: string;
  /** Key in the JSON config file (kebab-case as the option; the camelCase spelling is accepted too). */
  readonly fileKey: string;
  readonly description: string;
  /** The default as help text shows it. */
  readonly defaultText: string;
  /** Repeatable option / list value. */
  readonly repeatable: boolean;
  /** Path values from a config file are relative to the file's directory. */
  readonly pathValued: boolean;
  readonly parse: SettingParser<unknown>;
  /** The default value; a function when it depends on the machine. */
  readonly defaultValue: () => unknown;
}

const flowLogFormat: SettingParser<string> = (raw, origin) => {
  const text = parseStringSetting(raw, origin);
  try {
    parseFlowLogFormat(text);
  } catch (error) {
    if (error instanceof MirrorscopeError) throw new MirrorscopeError('CONFIG_BAD_VALUE', `${origin}: ${error.message}`);
    throw error;
  }
  return text;
};

/** Workers default to every CPU but one (at least one): the receive loop needs a core of its own. */
export function defaultWorkers(cpus: number = availableParallelism()): number {
  return Math.max(1, cpus - 1);
}

interface Row {
  key: ListenSettingKey;
  option: string;
  valueName: string;
  description: string;
  defaultText: string;
  parse: SettingParser<unknown>;
  defaultValue: () => unknown;
  repeatable?: boolean;
  pathValued?: boolean;
  /** Defaults to the option without dashes, upper-cased: MIRRORSCOPE_FLOW_LOG_OUT. */
  env?: string;
}

function spec(row: Row): ListenSettingSpec {
  const bare = row.option.replace(/^--/, '');
  return Object.freeze({
    key: row.key,
    option: row.option,
    valueName: row.valueName,
    env: row.env ?? `MIRRORSCOPE_${bare.replace(/-/g, '_').toUpperCase()}`,
    fileKey: bare,
    description: row.description,
    defaultText: row.defaultText,
    repeatable: row.repeatable ?? false,
    pathValued: row.pathValued ?? false,
    parse: row.parse,
    defaultValue: row.defaultValue,
  });
}

const path: SettingParser<string> = parseStringSetting;
const none = (): null => null;

/** Every `listen` setting, in help order. */
export const LISTEN_SETTINGS: readonly ListenSettingSpec[] = Object.freeze([
  spec({ key: 'port', option: '--port', valueName: '<port>', description: 'UDP port for VXLAN mirror deliveries; a TCP health-check listener answers on the same number', defaultText: '4789', parse: parsePortSetting, defaultValue: () => 4789 }),
  spec({ key: 'genevePort', option: '--geneve-port', valueName: '<port>', description: 'UDP port for GENEVE deliveries from a Gateway Load Balancer', defaultText: '6081', parse: parsePortSetting, defaultValue: () => 6081 }),
  spec({ key: 'host', option: '--host', valueName: '<addr>', description: 'local address to bind', defaultText: '0.0.0.0', parse: parseStringSetting, defaultValue: () => '0.0.0.0' }),
  spec({ key: 'healthPort', option: '--health-port', valueName: '<port>', description: 'HTTP port for GET /healthz and GET /metrics', defaultText: '8080', parse: parsePortSetting, defaultValue: () => 8080 }),
  spec({ key: 'rules', option: '--rules', valueName: '<path>', description: 'rules file, or directory of *.rules files (repeatable; in the environment separate with , or :)', defaultText: 'none', parse: parsePathListSetting, defaultValue: () => [], repeatable: true, pathValued: true }),
  spec({ key: 'eve', option: '--eve', valueName: '<path>', description: 'EVE JSON lines output', defaultText: 'none', parse: path, defaultValue: none, pathValued: true }),
  spec({ key: 'flowLogOut', option: '--flow-log-out', valueName: '<path>', description: 'derived VPC Flow Log records (.gz writes gzip)', defaultText: 'none', parse: path, defaultValue: none, pathValued: true }),
  spec({ key: 'flowLogFormat', option: '--flow-log-format', valueName: '<format>', description: "AWS custom flow-log format, e.g. '${version} ${srcaddr} ...'", defaultText: 'the AWS default (version 2) format', parse: flowLogFormat, defaultValue: () => DEFAULT_FLOW_LOG_FORMAT_STRING }),
  spec({ key: 'flowLogs', option: '--flow-logs', valueName: '<path>', description: 'real VPC Flow Log files or directories to contrast with (repeatable)', defaultText: 'none', parse: parsePathListSetting, defaultValue: () => [], repeatable: true, pathValued: true }),
  spec({ key: 'report', option: '--report', valueName: '<path>', description: 'contrast report as JSON (needs --flow-logs)', defaultText: 'none', parse: path, defaultValue: none, pathValued: true }),
  spec({ key: 'aggregationInterval', option: '--aggregation-interval', valueName: '<seconds>', description: 'flow-log aggregation interval: 60 or 600', defaultText: '600', parse: choiceParser([60, 600] as const), defaultValue: () => 600 }),
  spec({ key: 'sources', option: '--sources', valueName: '<path>', description: 'JSON mapping mirror sources (VNI, outer source IP) to account, interface, VPC, ...', defaultText: 'none', parse: path, defaultValue: none, pathValued: true }),
  spec({ key: 'workers', option: '--workers', valueName: '<n>', description: 'worker threads', defaultText: 'CPUs minus one (at least 1)', parse: parsePositiveIntSetting, defaultValue: () => defaultWorkers() }),
  spec({ key: 'vars', option: '--vars', valueName: '<path>', description: 'rule variables ($HOME_NET, ...) overriding Suricata defaults', defaultText: 'Suricata defaults', parse: path, defaultValue: none, pathValued: true }),
  spec({ key: 'statsInterval', option: '--stats-interval', valueName: '<seconds>', description: 'seconds between stats events (EVE stats, EMF); 0 turns them off', defaultText: '60', parse: parseNonNegativeIntSetting, defaultValue: () => 60 }),
  spec({ key: 'emf', option: '--emf', valueName: '<path>', description: 'CloudWatch embedded metric format lines every stats interval (- is stdout)', defaultText: 'none', parse: path, defaultValue: none, pathValued: true }),
  spec({ key: 'emfNamespace', option: '--emf-namespace', valueName: '<name>', description: 'CloudWatch namespace of the EMF metrics', defaultText: 'Mirrorscope', parse: parseStringSetting, defaultValue: () => 'Mirrorscope' }),
  spec({ key: 'protobuf', option: '--protobuf', valueName: '<path>', description: 'length-delimited mirrorscope.Event Protobuf stream of alerts and flow-log records', defaultText: 'none', parse: path, defaultValue: none, pathValued: true }),
  spec({ key: 'logFormat', option: '--log-format', valueName: '<format>', description: 'operational log on stderr: json, text, or auto (text on a terminal)', defaultText: 'auto', parse: choiceParser(LOG_FORMATS), defaultValue: () => 'auto' }),
  spec({ key: 'logLevel', option: '--log-level', valueName: '<level>', description: 'debug, info, warn or error', defaultText: 'info', parse: choiceParser(LOG_LEVELS), defaultValue: () => 'info' }),
]);

/** The `--config` setting itself: read from the option or the environment only, never from a file. */
export const CONFIG_FILE_SETTING = Object.freeze({
  option: '--config',
  valueName: '<file>',
  env: 'MIRRORSCOPE_CONFIG',
  description: 'JSON file of settings (keys as the options without dashes); options and environment override it',
  defaultText: 'none',
});

export interface ListenSettingHelp {
  readonly option: string;
  readonly valueName: string;
  readonly env: string;
  readonly fileKey: string | null;
  readonly description: string;
  readonly defaultText: string;
  readonly repeatable: boolean;
}

/** Every setting with its option, environment variable, config-file key and default: material for `--help`. */
export function listListenSettings(): ListenSettingHelp[] {
  return [
    ...LISTEN_SETTINGS.map((s) => ({
      option: s.option,
      valueName: s.valueName,
      env: s.env,
      fileKey: s.fileKey,
      description: s.description,
      defaultText: s.defaultText,
      repeatable: s.repeatable,
    })),
    { ...CONFIG_FILE_SETTING, fileKey: null, repeatable: false },
  ];
}
