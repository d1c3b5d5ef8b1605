import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder, TCP_FLAG } from '../../native-free-decoders/index.js';
import { ethernet, icmp, ipv4, ipv6, mirrored, tcp, udp } from '../../tests/helpers/packet-builder.js';
import { MirrorscopeError } from '../errors.js';
import type { FlowLogRecord } from '../flowlog/flow-log-record.js';
import { flowLogJsonText } from '../flowlog/flow-log-json.js';
import { formatFlowLogLine } from '../flowlog/flow-log-text.js';
import { DEFAULT_FLOW_LOG_FORMAT, parseFlowLogFormat } from '../flowlog/vpc-flow-log-fields.js';
import { FlowDirection } from './flow-direction.js';
import { FlowLogWindows } from './flow-log-window.js';
import type { FlowLogWindowOptions } from './flow-log-window.js';
import { FlowTable } from './flow-table.js';
import { parseSources } from './sources.js';

const { SYN, ACK, FIN, PSH } = TCP_FLAG;

interface Pkt {
  frame: Uint8Array;
  sec: number;
  usec?: number;
  captured?: number;
}

interface Replay {
  records: FlowLogRecord[];
  /** How many records had been released before each packet was processed. */
  releasedBefore: number[];
}

function replay(pkts: Pkt[], options: FlowLogWindowOptions = {}): Replay {
  const decoder = new PacketDecoder();
  const dp = new DecodedPacket();
  const table = new FlowTable();
  const windows = new FlowLogWindows(table, options);
  const records: FlowLogRecord[] = [];
  const releasedBefore: number[] = [];
  for (const p of pkts) {
    decoder.decode(dp, p.frame, 0, p.captured ?? p.frame.length, p.frame.length, 1);
    table.track(dp, p.sec, p.usec ?? 0);
    records.push(...windows.takeRecords());
    releasedBefore.push(records.length);
  }
  table.flushAll();
  records.push(...windows.flushAll());
  return { records, releasedBefore };
}

interface TcpSpec {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  flags: number;
  ipLen: number;
  /** Outer source of the VXLAN delivery (the mirror source ENI); null for a plain frame. */
  mirror: string | null;
  vni?: number;
}

function tcpFrame(o: TcpSpec): Uint8Array {
  const inner = ethernet(ipv4(tcp(new Uint8Array(o.ipLen - 40), { sport: o.sport, dport: o.dport, flags: o.flags }), { src: o.src, dst: o.dst, proto: 6 }));
  return o.mirror === null ? inner : mirrored(inner, { vni: o.vni ?? 7001, source: o.mirror });
}

/** One direction of a TCP conversation: packet sizes and flags spread evenly from `start` to `end` seconds. */
function side(base: Omit<TcpSpec, 'flags' | 'ipLen'>, sizes: number[], flags: number[], start: number, end: number): Pkt[] {
  return sizes.map((ipLen, i) => ({
    frame: tcpFrame({ ...base, ipLen, flags: flags[i]! }),
    sec: start + Math.floor(((end - start) * i) / (sizes.length - 1)),
    usec: i,
  }));
}

function byTime(pkts: Pkt[]): Pkt[] {
  return [...pkts].sort((a, b) => a.sec - b.sec || (a.usec ?? 0) - (b.usec ?? 0));
}

function lines(records: FlowLogRecord[], format = DEFAULT_FLOW_LOG_FORMAT): string[] {
  return records.map((r) => formatFlowLogLine(r, format));
}

function pingPacket(src: string, dst: string, type: number, sec: number, mirror: string): Pkt {
  // 84 bytes of IP: 20 IPv4 + 8 ICMP + 56 data, Linux ping's default.
  return { frame: mirrored(ethernet(ipv4(icmp(type, 0, 0x77, 1, new Uint8Array(56)), { src, dst, proto: 1 })), { source: mirror }), sec };
}

describe('derived flow-log records reproduce AWS documentation examples', () => {
  const eni = parseSources(
    JSON.stringify({ sources: [{ vni: 7001, interface_id: 'eni-1235b8ca123456789', account_id: '123456789010' }] }),
    'test.json',
  );

  it('the ping of the security group / network ACL example: 4 packets, 336 bytes, ICMP ports 0', () => {
    // AWS's ACCEPT record counts only the requests (4 x 84 = 336 bytes, one direction). We also mirror the replies,
    // which the example's network ACL rejected; with the ACL allowing them AWS writes two ACCEPT records.
    const requests = [1432917027, 1432917061, 1432917100, 1432917142].map((t) => pingPacket('203.0.113.12', '172.31.16.139', 8, t, '172.31.16.139'));
    const replies = [1432917094, 1432917110, 1432917130, 1432917142].map((t) => pingPacket('172.31.16.139', '203.0.113.12', 0, t, '172.31.16.139'));
    const { records } = replay(byTime([...requests, ...replies]), { interval: 600, sources: eni });
    expect(lines(records)).toEqual([
      '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK',
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 ACCEPT OK',
    ]);
    expect(records.map((r) => r.flow_direction)).toEqual(['ingress', 'egress']);
    const requestsOnly = replay(requests, { interval: 600, sources: eni });
    expect(lines(requestsOnly.records)).toEqual([
      '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK',
    ]);
  });

  it('the TCP flag sequence example: a short connection gives 3 (SYN+FIN) and 19 (SYN-ACK+FIN)', () => {
    const format = parseFlowLogFormat(
      'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status',
    );
    const sources = parseSources(
      JSON.stringify({
        sources: [
          {
            vni: 7001,
            'interface-id': 'eni-1235b8ca123456789',
            'account-id': '123456789010',
            'vpc-id': 'vpc-abcdefab012345678',
            'subnet-id': 'subnet-aaaaaaaa012345678',
            'instance-id': 'i-01234567890123456',
          },
        ],
      }),
      'test.json',
    );
    const base = { src: '52.213.180.42', dst: '10.0.0.62', sport: 43638, dport: 5001, mirror: '10.0.0.62' };
    const back = { src: '10.0.0.62', dst: '52.213.180.42', sport: 5001, dport: 43638, mirror: '10.0.0.62' };
    // 17 packets, 1260 bytes from the client; 14 packets, 967 bytes from the server.
    const c = side(base, [60, ...Array<number>(14).fill(76), 84, 52], [SYN, ...Array<number>(15).fill(PSH | ACK), FIN | ACK], 1566933133, 1566933193);
    const s = side(back, [60, ...Array<number>(11).fill(71), 74, 52], [SYN | ACK, ...Array<number>(12).fill(ACK), FIN | ACK], 1566933133, 1566933193);
    const { records } = replay(byTime([...c, ...s]), { interval: 600, version: format.version, sources });
    expect(format.version).toBe(3);
    expect(lines(records, format)).toEqual([
      '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43638 10.0.0.62 52.213.180.42 6 967 14 1566933133 1566933193 ACCEPT 19 OK',
      '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43638 5001 52.213.180.42 10.0.0.62 6 1260 17 1566933133 1566933193 ACCEPT 3 OK',
    ]);
  });

  it('the flow-direction example (version 5): ingress 14/15044/19, egress 7/471/3', () => {
    const format = parseFlowLogFormat(
      'version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status',
    );
    const sources = parseSources(
      JSON.stringify({
        sources: [
          {
            outer_src: '10.0.0.71',
            account_id: '123456789012',
            vpc_id: 'vpc-abcdefab012345678',
            subnet_id: 'subnet-aaaaaaaa012345678',
            instance_id: 'i-0c50d5961bcb2d47b',
            interface_id: 'eni-1235b8ca123456789',
            region: 'ap-southeast-2',
            az_id: 'apse2-az3',
          },
        ],
      }),
      'test.json',
    );
    const out = { src: '10.0.0.71', dst: '52.95.128.179', sport: 34210, dport: 80, mirror: '10.0.0.71' };
    const inb = { src: '52.95.128.179', dst: '10.0.0.71', sport: 80, dport: 34210, mirror: '10.0.0.71' };
    const egress = side(out, [60, 72, 72, 72, 72, 71, 52], [SYN, ACK, PSH | ACK, ACK, ACK, ACK, FIN | ACK], 1616729292, 1616729349);
    const ingress = side(inb, [60, ...Array<number>(11).fill(1244), 1248, 52], [SYN | ACK, ...Array<number>(12).fill(ACK), FIN | ACK], 1616729292, 1616729349);
    const { records } = replay(byTime([...egress, ...ingress]), { interval: 600, version: format.version, sources });
    // AWS's lines, with the two fields a mirror cannot know (AWS service name S3, traffic-path 8) as `-`.
    expect(lines(records, format)).toEqual([
      '5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 52.95.128.179 - - - egress OK',
      '5 52.95.128.179 10.0.0.71 80 34210 6 1616729292 1616729349 IPv4 14 15044 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 19 52.95.128.179 10.0.0.71 - - - ingress OK',
    ]);
  });

  it('the IPv6 example: addresses stay as in the packet, direction from an address listed for the ENI', () => {
    const sources = parseSources(
      JSON.stringify({
        sources: [{ vni: 7001, outer_src: '172.31.16.21', interface_id: 'eni-1235b8ca123456789', account_id: '123456789010', addresses: ['2001:db8:1234:a102::/64'] }],
      }),
      'test.json',
    );
    const src = '2001:db8:1234:a100:8d6e:3477:df66:f105';
    const dst = '2001:db8:1234:a102:3304:8879:34cf:4071';
    const sizes = [...Array<number>(53).fill(164), 163];
    const pkts = sizes.map((len, i) => ({
      frame: mirrored(ethernet(ipv6(tcp(new Uint8Array(len - 60), { sport: 34892, dport: 22, flags: ACK }), { src, dst }), 0x86dd), { source: '172.31.16.21' }),
      sec: 1477913708 + Math.floor((112 * i) / 53),
    }));
    const { records } = replay(pkts, { interval: 600, sources });
    expect(lines(records)).toEqual([
      `2 123456789010 eni-1235b8ca123456789 ${src} ${dst} 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK`,
    ]);
    expect(records[0]!.type).toBe('IPv6');
    expect(records[0]!.flow_direction).toBe('ingress');
  });
});

describe('derived flow-log windows', () => {
  const T = 1_800_000_000; // a multiple of 600
  const dns = (sec: number, len = 100): Pkt => ({
    frame: mirrored(ethernet(ipv4(udp(new Uint8Array(len - 28), 40000, 53), { src: '10.0.0.11', dst: '10.0.0.2', proto: 17 }))),
    sec,
  });

  it('splits at 60-second boundaries aligned to epoch time and releases a window once time passes its end', () => {
    const { records, releasedBefore } = replay([dns(T + 10), dns(T + 50), dns(T + 70), dns(T + 130), dns(T + 650)], { interval: 60 });
    expect(records.map((r) => [r.start, r.end, r.packets, r.bytes])).toEqual([
      [T + 10, T + 50, 2, 200],
      [T + 70, T + 70, 1, 100],
      [T + 130, T + 130, 1, 100],
      [T + 650, T + 650, 1, 100],
    ]);
    // The first window's record is out as soon as the packet at T+70 moved the clock past T+60.
    expect(releasedBefore).toEqual([0, 0, 1, 2, 3]);
    // The flow timed out (UDP, 30 s) between T+10 and T+50; both halves land in one record, as AWS aggregates.
    expect(records.every((r) => r.flow_direction === 'egress' && r.srcaddr === '10.0.0.11')).toBe(true);
  });

  it('splits at 600-second boundaries', () => {
    const { records } = replay([dns(T + 10), dns(T + 50), dns(T + 70), dns(T + 599), dns(T + 600), dns(T + 1300)], { interval: 600 });
    expect(records.map((r) => [r.start, r.end, r.packets])).toEqual([
      [T + 10, T + 599, 4],
      [T + 600, T + 600, 1],
      [T + 1300, T + 1300, 1],
    ]);
  });

  it('counts the IP length of packets the mirror truncated', () => {
    const frame = mirrored(ethernet(ipv4(tcp(new Uint8Array(1460), { sport: 41000, dport: 443, flags: ACK }), { src: '10.0.0.11', dst: '198.51.100.7' })));
    const { records } = replay([{ frame, sec: T, captured: 120 }, { frame, sec: T + 1, captured: 88 }]);
    expect(records.map((r) => [r.packets, r.bytes])).toEqual([[2, 3000]]);
  });

  it('keeps one record per mirror source when both ends of a connection are mirrored', () => {
    const sources = parseSources(
      JSON.stringify({
        sources: [
          { vni: 7001, outer_src: '10.0.0.11', interface_id: 'eni-aaaa' },
          { vni: 7002, outer_src: '10.0.0.22', interface_id: 'eni-bbbb' },
        ],
      }),
      'test.json',
    );
    const req = ethernet(ipv4(tcp(new Uint8Array(10), { sport: 41000, dport: 80, flags: SYN }), { src: '10.0.0.11', dst: '10.0.0.22' }));
    const rep = ethernet(ipv4(tcp(new Uint8Array(0), { sport: 80, dport: 41000, flags: SYN | ACK }), { src: '10.0.0.22', dst: '10.0.0.11' }));
    const pkts = [
      { frame: mirrored(req, { vni: 7001, source: '10.0.0.11' }), sec: T },
      { frame: mirrored(req, { vni: 7002, source: '10.0.0.22' }), sec: T },
      { frame: mirrored(rep, { vni: 7002, source: '10.0.0.22' }), sec: T + 1 },
      { frame: mirrored(rep, { vni: 7001, source: '10.0.0.11' }), sec: T + 1 },
    ];
    const { records } = replay(pkts, { sources, version: 5 });
    expect(records.map((r) => [r.interface_id, r.srcaddr, r.dstaddr, r.flow_direction, r.packets, r.bytes, r.tcp_flags])).toEqual([
      ['eni-aaaa', '10.0.0.11', '10.0.0.22', 'egress', 1, 50, 2],
      ['eni-bbbb', '10.0.0.11', '10.0.0.22', 'ingress', 1, 50, 2],
      ['eni-aaaa', '10.0.0.22', '10.0.0.11', 'ingress', 1, 40, 18],
      ['eni-bbbb', '10.0.0.22', '10.0.0.11', 'egress', 1, 40, 18],
    ]);
  });

  it('puts the primary address on the ENI side for a listed secondary IP, and leaves unknown sides alone', () => {
    const sources = parseSources(JSON.stringify({ sources: [{ vni: 7001, addresses: ['10.0.0.12'] }] }), 'test.json');
    const toSecondary = mirrored(ethernet(ipv4(udp(new Uint8Array(20), 5000, 8125), { src: '10.0.5.5', dst: '10.0.0.12', proto: 17 })), { source: '10.0.0.11' });
    const plain = ethernet(ipv4(udp(new Uint8Array(20), 5000, 8125), { src: '10.0.5.5', dst: '10.0.0.12', proto: 17 }));
    const { records } = replay([{ frame: toSecondary, sec: T }, { frame: plain, sec: T }], { sources, version: 5 });
    expect(records.map((r) => [r.srcaddr, r.dstaddr, r.pkt_srcaddr, r.pkt_dstaddr, r.flow_direction])).toEqual([
      ['10.0.5.5', '10.0.0.11', '10.0.5.5', '10.0.0.12', 'ingress'],
      ['10.0.5.5', '10.0.0.12', '10.0.5.5', '10.0.0.12', null],
    ]);
    expect(records[1]!.tcp_flags).toBe(0);
  });

  it('is deterministic whatever order flows were created in', () => {
    const flow = (i: number, sec: number): Pkt => ({
      frame: mirrored(ethernet(ipv4(udp(new Uint8Array(i), 30000 + i, 53), { src: '10.0.0.11', dst: `10.0.1.${i}`, proto: 17 }))),
      sec,
    });
    const a = replay([0, 1, 2, 3, 4, 5, 6, 7].map((i) => flow(i, T + (i % 3))).sort((x, y) => x.sec - y.sec));
    const b = replay([7, 6, 5, 4, 3, 2, 1, 0].map((i) => flow(i, T + (i % 3))).sort((x, y) => x.sec - y.sec));
    expect(lines(b.records)).toEqual(lines(a.records));
    expect(a.records.map((r) => r.start)).toEqual([...a.records.map((r) => r.start!)].sort());
  });

  it('snapshots the open window of one flow direction for alerts', () => {
    const decoder = new PacketDecoder();
    const dp = new DecodedPacket();
    const table = new FlowTable();
    const windows = new FlowLogWindows(table);
    const frame = tcpFrame({ src: '203.0.113.50', dst: '10.0.0.11', sport: 41000, dport: 80, flags: SYN, ipLen: 60, mirror: '10.0.0.11' });
    decoder.decode(dp, frame, 0, frame.length, frame.length, 1);
    const f = table.track(dp, T + 3, 0);
    table.track(dp, T + 4, 0);
    const snap = windows.snapshot(f, FlowDirection.ToServer)!;
    expect([snap.srcaddr, snap.dstaddr, snap.packets, snap.bytes, snap.start, snap.end, snap.tcp_flags, snap.flow_direction]).toEqual([
      '203.0.113.50', '10.0.0.11', 2, 120, T + 3, T + 4, 2, 'ingress',
    ]);
    expect(windows.snapshot(f, FlowDirection.ToClient)).toBeNull();
    expect(windows.takeRecords()).toEqual([]);
  });

  it('writes a snapshot as JSON text exactly as its record serializes, for any field list', () => {
    const sources = parseSources(
      JSON.stringify({ sources: [{ vni: 7001, outer_src: '10.0.0.11', interface_id: 'eni-0a11', account_id: '123456789012', region: 'us-east-1', addresses: ['10.0.0.12'] }] }),
      'test.json',
    );
    const decoder = new PacketDecoder();
    const dp = new DecodedPacket();
    const table = new FlowTable();
    const windows = new FlowLogWindows(table, { sources, version: 5 });
    const frames = [
      tcpFrame({ src: '203.0.113.50', dst: '10.0.0.12', sport: 41000, dport: 80, flags: SYN, ipLen: 60, mirror: '10.0.0.11' }),
      tcpFrame({ src: '10.0.0.12', dst: '203.0.113.50', sport: 80, dport: 41000, flags: SYN | ACK, ipLen: 60, mirror: '10.0.0.11' }),
      mirrored(ethernet(ipv6(udp(new Uint8Array(9), 5353, 53), { src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 17 }), 0x86dd)),
    ];
    const flows = frames.map((frame, k) => {
      decoder.decode(dp, frame, 0, frame.length, frame.length, 1);
      return table.track(dp, T + k, 0);
    });
    const formats = ['${version} ${srcaddr} ${dstaddr} ${packets}', DEFAULT_FLOW_LOG_FORMAT.formatString, '${pkt-dstaddr} ${flow-direction} ${ecs-task-id} ${type} ${az-id} ${tcp-flags}'];
    let compared = 0;
    for (const f of new Set(flows)) {
      for (const dir of [FlowDirection.ToServer, FlowDirection.ToClient]) {
        const snap = windows.snapshot(f, dir);
        for (const format of formats) {
          const { fields } = parseFlowLogFormat(format);
          expect(windows.snapshotJson(f, dir, fields)).toBe(snap === null ? null : flowLogJsonText((column) => snap[column], fields));
          if (snap !== null) compared++;
        }
      }
    }
    // Both directions of the TCP flow, the client's of the UDP one.
    expect(compared).toBe(3 * formats.length);
  });

  it('accepts only AWS intervals', () => {
    expect(() => new FlowLogWindows(new FlowTable(), { interval: 300 })).toThrow(MirrorscopeError);
  });
});
