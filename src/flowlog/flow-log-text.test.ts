import { describe, expect, it } from 'vitest';
import { flowLogRecord } from './flow-log-record.js';
import { formatFlowLogLine, parseFlowLogLine } from './flow-log-text.js';
import { DEFAULT_FLOW_LOG_FORMAT, parseFlowLogFormat } from './vpc-flow-log-fields.js';

// Records from the AWS "Flow log record examples" page (docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples).
const SSH_ACCEPT = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const RDP_REJECT = '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK';
const NODATA = '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA';
const SKIPDATA = '2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA';
const PING_ACCEPT = '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK';
const PING_REJECT = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK';
const IPV6 =
  '2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK';

const TCP_FLAGS_FORMAT = parseFlowLogFormat(
  'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status',
);

describe('AWS example records, default format', () => {
  it('reads the accepted SSH record field by field', () => {
    expect(parseFlowLogLine(SSH_ACCEPT, DEFAULT_FLOW_LOG_FORMAT)).toEqual(
      flowLogRecord({
        version: 2,
        account_id: '123456789010',
        interface_id: 'eni-1235b8ca123456789',
        srcaddr: '172.31.16.139',
        dstaddr: '172.31.16.21',
        srcport: 20641,
        dstport: 22,
        protocol: 6,
        packets: 20,
        bytes: 4249,
        start: 1418530010,
        end: 1418530070,
        action: 'ACCEPT',
        log_status: 'OK',
      }),
    );
  });

  it('reads the rejected RDP record', () => {
    const record = parseFlowLogLine(RDP_REJECT, DEFAULT_FLOW_LOG_FORMAT);
    expect(record).toMatchObject({ dstport: 3389, action: 'REJECT', srcaddr: '172.31.9.69' });
  });

  it('reads the 4-packet 336-byte ping pair: ACCEPT in, REJECT out', () => {
    const request = parseFlowLogLine(PING_ACCEPT, DEFAULT_FLOW_LOG_FORMAT);
    const response = parseFlowLogLine(PING_REJECT, DEFAULT_FLOW_LOG_FORMAT);
    expect(request).toMatchObject({ protocol: 1, srcport: 0, dstport: 0, packets: 4, bytes: 336, action: 'ACCEPT' });
    expect(response).toMatchObject({ srcaddr: '172.31.16.139', dstaddr: '203.0.113.12', start: 1432917094, action: 'REJECT' });
  });

  it('reads NODATA and SKIPDATA records with nulls for every "-"', () => {
    expect(parseFlowLogLine(NODATA, DEFAULT_FLOW_LOG_FORMAT)).toEqual(
      flowLogRecord({
        version: 2,
        account_id: '123456789010',
        interface_id: 'eni-1235b8ca123456789',
        start: 1431280876,
        end: 1431280934,
        log_status: 'NODATA',
      }),
    );
    expect(parseFlowLogLine(SKIPDATA, DEFAULT_FLOW_LOG_FORMAT)).toMatchObject({ interface_id: 'eni-11111111aaaaaaaaa', log_status: 'SKIPDATA', action: null, srcport: null });
  });

  it('reads IPv6 addresses', () => {
    expect(parseFlowLogLine(IPV6, DEFAULT_FLOW_LOG_FORMAT)).toMatchObject({ srcaddr: '2001:db8:1234:a100:8d6e:3477:df66:f105', packets: 54, bytes: 8855 });
  });

  it('writes every example back byte for byte', () => {
    for (const line of [SSH_ACCEPT, RDP_REJECT, NODATA, SKIPDATA, PING_ACCEPT, PING_REJECT, IPV6]) {
      const record = parseFlowLogLine(line, DEFAULT_FLOW_LOG_FORMAT);
      if (typeof record === 'string') throw new Error(record);
      expect(formatFlowLogLine(record, DEFAULT_FLOW_LOG_FORMAT)).toBe(line);
    }
  });
});

describe('AWS tcp-flags examples, custom format', () => {
  it('reads SYN (2), SYN-ACK (18), FIN (1), SYN+FIN (3) and SYN-ACK+FIN (19)', () => {
    const lines: [string, number][] = [
      ['3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK', 2],
      ['3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43416 10.0.0.62 52.213.180.42 6 376 7 1566848875 1566848933 ACCEPT 18 OK', 18],
      ['3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43418 10.0.0.62 52.213.180.42 6 63388 1219 1566848933 1566849113 ACCEPT 1 OK', 1],
      ['3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43638 5001 52.213.180.42 10.0.0.62 6 1260 17 1566933133 1566933193 ACCEPT 3 OK', 3],
      // The AWS page prints this one with two spaces after the source port; the reader tolerates it.
      ['3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43638  10.0.0.62 52.213.180.42 6 967 14 1566933133 1566933193 ACCEPT 19 OK', 19],
    ];
    for (const [line, flags] of lines) {
      const record = parseFlowLogLine(line, TCP_FLAGS_FORMAT);
      if (typeof record === 'string') throw new Error(record);
      expect(record.tcp_flags).toBe(flags);
      expect(record.version).toBe(TCP_FLAGS_FORMAT.version);
      expect(record.type).toBe('IPv4');
      expect(record.vpc_id).toBe('vpc-abcdefab012345678');
    }
    const last = parseFlowLogLine(lines[4]![0], TCP_FLAGS_FORMAT);
    expect(last).toMatchObject({ srcport: 5001, dstport: 43638, pkt_srcaddr: '10.0.0.62', bytes: 967, packets: 14 });
  });

  it('reads the version-5 S3 example (service names, traffic-path 8 on egress)', () => {
    const format = parseFlowLogFormat(
      'version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status',
    );
    const egress = parseFlowLogLine(
      '5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 52.95.128.179 - S3 8 egress OK',
      format,
    );
    expect(egress).toMatchObject({ version: 5, pkt_dst_aws_service: 'S3', pkt_src_aws_service: null, traffic_path: 8, flow_direction: 'egress', az_id: 'apse2-az3', sublocation_type: null });
  });
});

describe('malformed values', () => {
  it('explains what is wrong', () => {
    const base = SSH_ACCEPT.split(' ');
    const variant = (index: number, value: string): string => base.map((token, i) => (i === index ? value : token)).join(' ');
    expect(parseFlowLogLine(variant(5, 'http'), DEFAULT_FLOW_LOG_FORMAT)).toBe('srcport is not a valid number: "http"');
    expect(parseFlowLogLine(variant(6, '70000'), DEFAULT_FLOW_LOG_FORMAT)).toBe('dstport is not a valid number: "70000"');
    expect(parseFlowLogLine(variant(7, '-6'), DEFAULT_FLOW_LOG_FORMAT)).toBe('protocol is not a valid number: "-6"');
    expect(parseFlowLogLine(variant(9, '1e3'), DEFAULT_FLOW_LOG_FORMAT)).toBe('bytes is not a valid number: "1e3"');
    expect(parseFlowLogLine(variant(12, 'ALLOW'), DEFAULT_FLOW_LOG_FORMAT)).toBe('action must be ACCEPT or REJECT, found "ALLOW"');
    expect(parseFlowLogLine(variant(13, 'FINE'), DEFAULT_FLOW_LOG_FORMAT)).toBe('log-status must be OK, NODATA or SKIPDATA, found "FINE"');
    expect(parseFlowLogLine(base.slice(0, 13).join(' '), DEFAULT_FLOW_LOG_FORMAT)).toBe('expected 14 fields, found 13');
  });
});

describe('formatFlowLogLine', () => {
  it('writes "-" for null and empty strings and keeps a value with spaces in one field', () => {
    const format = parseFlowLogFormat('${srcaddr} ${ecs-service-name} ${region} ${srcport}');
    const line = formatFlowLogLine(flowLogRecord({ srcaddr: '10.0.0.1', ecs_service_name: 'my  web\tservice', region: '' }), format);
    expect(line).toBe('10.0.0.1 my_web_service - -');
  });
});
