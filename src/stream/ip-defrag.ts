/**
 * IPv4 and IPv6 fragment reassembly with limits. Callers pass already-decoded fields (addresses, id,
 * protocol, fragment offset in bytes, MF flag, fragment payload, a clock in ms), so it can sit behind
 * any decoder. The result depends on those inputs only.
 *
 * - Key: (family, src, dst, id, protocol), as RFC 791 and Suricata's defrag tracker. For IPv6 the
 *   protocol is the next header after the Fragment header. An optional `scope` string prefixes the key:
 *   a mirror target sees copies of one datagram from several mirror sources (both ends of a connection
 *   mirrored), and those copies must not be merged into one tracker.
 * - Overlaps: first arrival wins byte by byte, and every overlap is counted (ipv4.frag_overlap /
 *   ipv6.frag_overlap), noting whether the bytes differed. Suricata picks the policy per host
 *   (host-os-policy); RFC 5722 would have IPv6 drop the datagram. We keep one fixed policy on purpose:
 *   the alert on an overlap matters more than guessing which copy the host used.
 * - Timeout: a datagram not complete within `timeoutMs` of its first fragment is dropped (60 s,
 *   Suricata's defrag timeout default). The clock starts at the first fragment, not the latest, so a
 *   slow drip of fragments cannot hold a tracker forever.
 * - Limits: fragments per datagram, trackers, stored bytes (memcap), and datagram size: the
 *   reassembled IP packet may not exceed 65535 bytes (ipv4.frag_too_large / ipv6.frag_too_large).
 *
 * On completion the L4 payload (L4 header + data) is written to `output`, a buffer reused across
 * calls and valid until the next add.
 */

export interface DefragOptions {
  timeoutMs?: number;
  maxFragmentsPerDatagram?: number;
  maxTrackers?: number;
  memcapBytes?: number;
}

export const DefragStatus = {
  /** Stored; the datagram is not complete yet. */
  Pending: 0,
  /** Complete: `output[0, outputLength)` holds the reassembled payload. */
  Complete: 1,
  /** Not stored (a limit, a bad fragment, or nothing new). See `lastEvents`. */
  Dropped: 2,
} as const;

export const DefragEvent = {
  Overlap: 1 << 0,
  OverlapDifferentData: 1 << 1,
  TooLarge: 1 << 2,
  TrackerLimit: 1 << 3,
  FragmentLimit: 1 << 4,
  Memcap: 1 << 5,
  /** Inconsistent with what is known (beyond the end, a second, different last fragment). */
  Invalid: 1 << 6,
} as const;

export class DefragCounters {
  fragments = 0;
  reassembled = 0;
  overlaps = 0;
  overlapsDifferentData = 0;
  timeouts = 0;
  tooLarge = 0;
  trackerLimit = 0;
  fragmentLimit = 0;
  memcapDrops = 0;
  invalid = 0;
}

/** Largest reassembled IP packet, header included. */
const MAX_IP_PACKET = 65535;
const IPV4_MIN_HEADER = 20;
const IPV6_FRAG_HEADER = 8;

class Tracker {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly data: Uint8Array[] = [];
  fragments = 0;
  bytes = 0;
  /** Payload length once the last fragment (MF=0) is seen, else -1. */
  total = -1;
  constructor(
    readonly key: string,
    readonly createdMs: number,
    readonly v6: boolean,
  ) {}
}

export class IpDefrag {
  readonly counters = new DefragCounters();
  /** Reassembled L4 payload of the last completed datagram. */
  readonly output = new Uint8Array(MAX_IP_PACKET);
  outputLength = 0;
  /** DefragEvent bits raised by the last add. */
  lastEvents = 0;
  private readonly trackers = new Map<string, Tracker>();
  private memused = 0;
  private readonly timeoutMs: number;
  private readonly maxFragments: number;
  private readonly maxTrackers: number;
  private readonly memcap: number;

  constructor(options: DefragOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxFragments = options.maxFragmentsPerDatagram ?? 256;
    this.maxTrackers = options.maxTrackers ?? 4096;
    this.memcap = options.memcapBytes ?? 16 * 1024 * 1024;
  }

  get trackerCount(): number {
    return this.trackers.size;
  }

  get memoryUsed(): number {
    return this.memused;
  }

  /**
   * One IPv4 fragment. `src`/`dst` are the 4 address bytes at srcOffset/dstOffset; fragmentOffset is
   * in bytes (the header's field times 8); headerLength is the fragment's IPv4 header length.
   */
  addIpv4(
    src: Uint8Array,
    srcOffset: number,
    dst: Uint8Array,
    dstOffset: number,
    id: number,
    protocol: number,
    fragmentOffset: number,
    moreFragments: boolean,
    payload: Uint8Array,
    payloadOffset: number,
    payloadLength: number,
    nowMs: number,
    headerLength: number = IPV4_MIN_HEADER,
    scope: string = '',
  ): number {
    const key =
      scope +
      '4|' +
      addrKey(src, srcOffset, 4) +
      '|' +
      addrKey(dst, dstOffset, 4) +
      '|' +
      (id & 0xffff) +
      '|' +
      (protocol & 0xff);
    const maxPayload = MAX_IP_PACKET - Math.max(IPV4_MIN_HEADER, headerLength);
    return this.add(key, false, fragmentOffset, moreFragments, payload, payloadOffset, payloadLength, nowMs, maxPayload);
  }

  /**
   * One IPv6 fragment: the bytes after the Fragment header. `unfragmentableLength` is the length of
   * extension headers before the Fragment header, which count against the 65535-byte payload limit.
   */
  addIpv6(
    src: Uint8Array,
    srcOffset: number,
    dst: Uint8Array,
    dstOffset: number,
    id: number,
    nextHeader: number,
    fragmentOffset: number,
    moreFragments: boolean,
    payload: Uint8Array,
    payloadOffset: number,
    payloadLength: number,
    nowMs: number,
    unfragmentableLength: number = 0,
    scope: string = '',
  ): number {
    const key =
      scope +
      '6|' + addrKey(src, srcOffset, 16) + '|' + addrKey(dst, dstOffset, 16) + '|' + (id >>> 0) + '|' + (nextHeader & 0xff);
    // IPv6's 16-bit payload length covers what follows the fixed header, the Fragment header included.
    const maxPayload = MAX_IP_PACKET - IPV6_FRAG_HEADER - Math.max(0, unfragmentableLength);
    return this.add(key, true, fragmentOffset, moreFragments, payload, payloadOffset, payloadLength, nowMs, maxPayload);
  }

  /** Drop trackers older than the timeout; returns how many. Also run by every add. */
  expire(nowMs: number): number {
    let n = 0;
    // Map iteration is insertion order, which is creation order, so the oldest come first.
    for (const t of this.trackers.values()) {
      if (nowMs - t.createdMs < this.timeoutMs) break;
      this.drop(t);
      n++;
    }
    this.counters.timeouts += n;
    return n;
  }

  private add(
    key: string,
    v6: boolean,
    offset: number,
    more: boolean,
    payload: Uint8Array,
    payloadOffset: number,
    len: number,
    nowMs: number,
    maxPayload: number,
  ): number {
    const c = this.counters;
    this.lastEvents = 0;
    this.outputLength = 0;
    this.expire(nowMs);
    c.fragments++;
    if (len < 0 || offset < 0 || payloadOffset < 0 || payloadOffset + len > payload.length) {
      return this.reject(DefragEvent.Invalid);
    }
    const end = offset + len;
    if (end > maxPayload) {
      c.tooLarge++;
      this.lastEvents |= DefragEvent.TooLarge;
      const t = this.trackers.get(key);
      if (t) this.drop(t);
      return DefragStatus.Dropped;
    }
    let t = this.trackers.get(key);
    if (!t) {
      if (this.trackers.size >= this.maxTrackers) {
        c.trackerLimit++;
        this.lastEvents |= DefragEvent.TrackerLimit;
        return DefragStatus.Dropped;
      }
      t = new Tracker(key, nowMs, v6);
      this.trackers.set(key, t);
    }
    if (t.fragments >= this.maxFragments) {
      c.fragmentLimit++;
      this.lastEvents |= DefragEvent.FragmentLimit;
      return DefragStatus.Dropped;
    }
    if (!more) {
      if (t.total >= 0 && t.total !== end) return this.reject(DefragEvent.Invalid);
      if (t.total < 0) {
        // A last fragment that ends before data we already hold contradicts it.
        const n = t.ends.length;
        if (n > 0 && t.ends[n - 1]! > end) return this.reject(DefragEvent.Invalid);
        t.total = end;
      }
    } else if (t.total >= 0 && end > t.total) {
      return this.reject(DefragEvent.Invalid);
    }
    if (len === 0) return t.total >= 0 ? this.tryComplete(t) : DefragStatus.Pending;

    // First arrival wins: store only the parts no earlier fragment covered.
    const starts = t.starts;
    const ends = t.ends;
    let overlap = false;
    let different = false;
    let cur = offset;
    let i = 0;
    while (i < starts.length && ends[i]! <= offset) i++;
    let added = 0;
    while (cur < end) {
      if (i < starts.length && starts[i]! <= cur) {
        const oe = Math.min(end, ends[i]!);
        overlap = true;
        const held = t.data[i]!;
        for (let k = cur; k < oe; k++) {
          if (held[k - starts[i]!] !== payload[payloadOffset + (k - offset)]) {
            different = true;
            break;
          }
        }
        cur = oe;
        i++;
        continue;
      }
      const limit = i < starts.length ? Math.min(end, starts[i]!) : end;
      const piece = limit - cur;
      if (this.memused + piece > this.memcap) {
        c.memcapDrops++;
        this.lastEvents |= DefragEvent.Memcap;
        break;
      }
      starts.splice(i, 0, cur);
      ends.splice(i, 0, limit);
      t.data.splice(i, 0, payload.slice(payloadOffset + (cur - offset), payloadOffset + (limit - offset)));
      this.memused += piece;
      t.bytes += piece;
      added += piece;
      cur = limit;
      i++;
    }
    t.fragments++;
    if (overlap) {
      c.overlaps++;
      this.lastEvents |= DefragEvent.Overlap;
      if (different) {
        c.overlapsDifferentData++;
        this.lastEvents |= DefragEvent.OverlapDifferentData;
      }
    }
    if (t.total >= 0) {
      const r = this.tryComplete(t);
      if (r === DefragStatus.Complete) return r;
    }
    return added > 0 || overlap ? DefragStatus.Pending : DefragStatus.Dropped;
  }

  private tryComplete(t: Tracker): number {
    let at = 0;
    for (let i = 0; i < t.starts.length; i++) {
      if (t.starts[i]! > at) return DefragStatus.Pending;
      if (t.ends[i]! > at) at = t.ends[i]!;
    }
    if (at < t.total) return DefragStatus.Pending;
    const out = this.output;
    for (let i = 0; i < t.starts.length; i++) out.set(t.data[i]!, t.starts[i]!);
    this.outputLength = t.total;
    this.counters.reassembled++;
    this.drop(t);
    return DefragStatus.Complete;
  }

  private reject(event: number): number {
    this.counters.invalid++;
    this.lastEvents |= event;
    return DefragStatus.Dropped;
  }

  private drop(t: Tracker): void {
    this.memused -= t.bytes;
    this.trackers.delete(t.key);
  }
}

function addrKey(a: Uint8Array, off: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const b = a[off + i] ?? 0;
    s += (b < 16 ? '0' : '') + b.toString(16);
  }
  return s;
}
