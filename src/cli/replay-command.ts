import type { Command } from 'commander';
import { collect, collectString, parseAggregationInterval, parsePort, parsePositiveInt } from './option-parsers.js';

export interface ReplayCliOptions {
  json?: boolean;
  vxlanPort: number[];
  genevePort: number[];
  flowLogOut?: string;
  flowLogFormat?: string;
  flowLogs: string[];
  report?: string;
  aggregationInterval: number;
  sources?: string;
  rules: string[];
  vars?: string;
  eve?: string;
  eveTypes?: string;
  workers: number;
  flowLogS3Dir?: string;
  protobuf?: string;
  flowLogId: string;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('inspect capture files (pcap, pcapng) of mirrored traffic: decode, flows, derived and real VPC Flow Logs')
    .argument('<file...>', 'capture files, or directories of .pcap/.pcapng files')
    .option('--rules <path>', 'Suricata rules file, or directory of *.rules files (repeatable)', collectString, [])
    .option('--vars <file>', 'address/port variables overriding Suricata\'s defaults ($HOME_NET, $HTTP_PORTS ...)')
    .option('--eve <path>', 'write EVE JSON lines (alert, anomaly, http, tls, dns, flow)')
    .option('--eve-types <types>', 'comma-separated EVE event types to write (default: alert,anomaly,http,tls,dns,flow)')
    .option('--protobuf <path>', 'write alerts and derived Flow Log records as length-delimited mirrorscope.Event protobuf')
    .option('--flow-log-out <path>', 'write the VPC Flow Log records AWS would write for this traffic (.gz: gzip)')
    .option('--flow-log-format <format>', "AWS custom format, e.g. '${version} ${interface-id} ${srcaddr} ...' (default: the v2 default format)")
    .option('--flow-log-s3-dir <dir>', 'also write the records as an S3 destination would: <dir>/AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/<account>_vpcflowlogs_<region>_<id>_<time>_<hash>.log.gz')
    .option('--flow-log-id <id>', 'flow log id used in S3-style file names', 'fl-mirrorscope')
    .option('--aggregation-interval <seconds>', 'Flow Log aggregation interval: 60 or 600', parseAggregationInterval, 600)
    .option('--sources <path>', 'JSON mapping mirror sources (VNI, outer source IP) to account, interface, VPC, subnet ...')
    .option('--flow-logs <path>', 'real VPC Flow Log files or directories (repeatable): turns on the contrast', collectString, [])
    .option('--report <path>', 'write the contrast report as JSON (needs --flow-logs)')
    .option('--workers <n>', 'worker threads (flows stay on one worker; results are identical for every N)', parsePositiveInt, 1)
    .option('--json', 'print the summary as JSON instead of text')
    .option('--vxlan-port <port>', 'also decode VXLAN on this UDP port (repeatable; 4789 always)', collect(parsePort), [])
    .option('--geneve-port <port>', 'also decode GENEVE on this UDP port (repeatable; 6081 always)', collect(parsePort), [])
    .action(async (files: string[], opts: ReplayCliOptions) => {
      // The pipeline is loaded only when a replay runs: --help, --version and the other commands do without it.
      const { runReplay } = await import('./replay-run.js');
      await runReplay(files, opts);
    });
}
