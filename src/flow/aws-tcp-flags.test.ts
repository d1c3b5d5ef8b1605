import { describe, expect, it } from 'vitest';
import { TCP_FLAG } from '../../native-free-decoders/index.js';
import { awsTcpFlags, describeAwsTcpFlags } from './aws-tcp-flags.js';

const { FIN, SYN, RST, PSH, ACK, URG, ECE, CWR } = TCP_FLAG;
const window = (...packets: number[]): number => packets.reduce((acc, f) => acc | awsTcpFlags(f), 0);

describe('AWS tcp-flags', () => {
  it('maps single packets as the Flow Logs field table says', () => {
    expect(awsTcpFlags(FIN)).toBe(1);
    expect(awsTcpFlags(SYN)).toBe(2);
    expect(awsTcpFlags(RST)).toBe(4);
    expect(awsTcpFlags(SYN | ACK)).toBe(18);
    expect(awsTcpFlags(ACK)).toBe(0);
    expect(awsTcpFlags(PSH | ACK)).toBe(0);
    expect(awsTcpFlags(URG | CWR)).toBe(0);
    expect(awsTcpFlags(FIN | ACK)).toBe(1);
    expect(awsTcpFlags(RST | ACK)).toBe(4);
    // Unsupported flags alongside supported ones leave the supported value.
    expect(awsTcpFlags(SYN | ECE)).toBe(2);
    expect(awsTcpFlags(SYN | ACK | ECE | CWR)).toBe(18);
  });

  it('ORs over a window: 3 = SYN + FIN, 19 = SYN-ACK + FIN (AWS TCP flag sequence example)', () => {
    expect(window(SYN, ACK, PSH | ACK, FIN | ACK, ACK)).toBe(3);
    expect(window(SYN | ACK, PSH | ACK, FIN | ACK)).toBe(19);
    expect(window(SYN, ACK, PSH | ACK)).toBe(2);
    expect(window(ACK, PSH | ACK)).toBe(0);
    expect(window(SYN, SYN | ACK)).toBe(18);
  });

  it('names the bits', () => {
    expect(describeAwsTcpFlags(19)).toEqual(['FIN', 'SYN-ACK']);
    expect(describeAwsTcpFlags(3)).toEqual(['FIN', 'SYN']);
    expect(describeAwsTcpFlags(4)).toEqual(['RST']);
    expect(describeAwsTcpFlags(0)).toEqual([]);
  });
});
