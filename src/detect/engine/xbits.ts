/**
 * xbits: named bits that live on an IP address or an address pair rather than on a flow (Suricata's hostbits and
 * ippair bits), with an expiry in packet time. Global: one store per worker, kept across rule reloads.
 */
import type { BitOperation } from '../rule/signature.js';
import { addressKey, addressPairKey } from './address-key.js';
import type { PacketFields } from './inspection-context.js';

/** Suricata's default xbits lifetime when a rule gives no `expire`. */
export const XBITS_DEFAULT_EXPIRE_SECONDS = 30;
const SWEEP_EVERY = 4096;

export class XbitStore {
  /** key -> expiry (packet time, microseconds). */
  private readonly bits = new Map<string, number>();
  private writes = 0;

  get size(): number {
    return this.bits.size;
  }

  private key(op: BitOperation, name: string, p: PacketFields): string {
    switch (op.track) {
      case 'ip_dst':
        return `d|${name}|${addressKey(p, false)}`;
      case 'ip_pair':
        return `p|${name}|${addressPairKey(p)}`;
      default:
        // ip_src; hostbits on src and dst share one host table in Suricata, so "d" and "s" keys name the same host
        return `d|${name}|${addressKey(p, true)}`;
    }
  }

  isSet(op: BitOperation, name: string, p: PacketFields, nowUs: number): boolean {
    const exp = this.bits.get(this.key(op, name, p));
    return exp !== undefined && nowUs < exp;
  }

  conditionsHold(ops: readonly BitOperation[], p: PacketFields, nowUs: number): boolean {
    for (const op of ops) {
      if (op.cmd !== 'isset' && op.cmd !== 'isnotset') continue;
      const want = op.cmd === 'isset';
      let any = false;
      let all = true;
      for (const n of op.names) {
        if (this.isSet(op, n, p, nowUs) === want) any = true;
        else all = false;
      }
      if (op.combine === 'all' ? !all : !any) return false;
    }
    return true;
  }

  apply(ops: readonly BitOperation[], p: PacketFields, nowUs: number): void {
    for (const op of ops) {
      if (op.cmd === 'isset' || op.cmd === 'isnotset') continue;
      const life = (op.expire !== undefined && op.expire > 0 ? op.expire : XBITS_DEFAULT_EXPIRE_SECONDS) * 1e6;
      for (const n of op.names) {
        const k = this.key(op, n, p);
        if (op.cmd === 'set') this.bits.set(k, nowUs + life);
        else if (op.cmd === 'unset') this.bits.delete(k);
        else if (this.isSet(op, n, p, nowUs)) this.bits.delete(k);
        else this.bits.set(k, nowUs + life);
      }
    }
    if (++this.writes % SWEEP_EVERY === 0) this.sweep(nowUs);
  }

  /** Drops expired bits; called now and then from apply, or by the caller's housekeeping. */
  sweep(nowUs: number): void {
    for (const [k, exp] of this.bits) if (exp <= nowUs) this.bits.delete(k);
  }
}
