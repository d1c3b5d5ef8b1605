import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../../native-free-decoders/index.js';
import { MirrorscopeError } from '../errors.js';
import { FlowState } from './flow-state.js';

/** Idle timeouts of one protocol, in seconds, per flow state; the emergency values apply while the table is full. */
export interface ProtocolTimeouts {
  readonly new: number;
  readonly established: number;
  readonly closed: number;
  readonly emergencyNew: number;
  readonly emergencyEstablished: number;
  readonly emergencyClosed: number;
}

export interface FlowTimeouts {
  readonly default: ProtocolTimeouts;
  readonly tcp: ProtocolTimeouts;
  readonly udp: ProtocolTimeouts;
  readonly icmp: ProtocolTimeouts;
}

export type FlowTimeoutOverrides = { readonly [K in keyof FlowTimeouts]?: Partial<ProtocolTimeouts> };

/**
 * Suricata's shipped `flow-timeouts` (suricata.yaml): so a flow lives exactly as long here as in Suricata fed the
 * same capture. UDP and ICMP have no closed state there; they inherit the default's.
 */
export const SURICATA_FLOW_TIMEOUTS: FlowTimeouts = Object.freeze({
  default: Object.freeze({ new: 30, established: 300, closed: 0, emergencyNew: 10, emergencyEstablished: 100, emergencyClosed: 0 }),
  tcp: Object.freeze({ new: 60, established: 600, closed: 60, emergencyNew: 5, emergencyEstablished: 100, emergencyClosed: 10 }),
  udp: Object.freeze({ new: 30, established: 300, closed: 0, emergencyNew: 10, emergencyEstablished: 100, emergencyClosed: 0 }),
  icmp: Object.freeze({ new: 30, established: 300, closed: 0, emergencyNew: 10, emergencyEstablished: 100, emergencyClosed: 0 }),
});

/** Suricata's `flow.emergency-recovery`: leave emergency mode once this percentage of the cap is free again. */
export const SURICATA_EMERGENCY_RECOVERY = 30;

const GROUPS = ['tcp', 'udp', 'icmp', 'default'] as const;
/** Protocol groups index the timeout classes: class = group * 3 + FlowState. */
export const TIMEOUT_GROUP = { Tcp: 0, Udp: 1, Icmp: 2, Default: 3 } as const;
export const TIMEOUT_CLASS_COUNT = GROUPS.length * 3;

export function timeoutGroup(proto: number): number {
  if (proto === IPPROTO_TCP) return TIMEOUT_GROUP.Tcp;
  if (proto === IPPROTO_UDP) return TIMEOUT_GROUP.Udp;
  if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) return TIMEOUT_GROUP.Icmp;
  return TIMEOUT_GROUP.Default;
}

/** Merges overrides onto Suricata's values; a negative or non-finite timeout is a configuration error. */
export function resolveFlowTimeouts(overrides: FlowTimeoutOverrides = {}): FlowTimeouts {
  const out: Record<string, ProtocolTimeouts> = {};
  for (const name of GROUPS) {
    const merged = { ...SURICATA_FLOW_TIMEOUTS[name], ...(overrides[name] ?? {}) };
    for (const [field, value] of Object.entries(merged)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new MirrorscopeError('FLOW_BAD_TIMEOUT', `flow timeout ${name}.${field} must be a number of seconds >= 0`);
      }
    }
    out[name] = Object.freeze(merged);
  }
  return Object.freeze(out as unknown as FlowTimeouts);
}

/** Timeouts per class in microseconds, normal or emergency: what the table compares idle time against. */
export function timeoutTableUs(timeouts: FlowTimeouts, emergency: boolean): Float64Array {
  const table = new Float64Array(TIMEOUT_CLASS_COUNT);
  GROUPS.forEach((name, group) => {
    const t = timeouts[name];
    table[group * 3 + FlowState.New] = (emergency ? t.emergencyNew : t.new) * 1e6;
    table[group * 3 + FlowState.Established] = (emergency ? t.emergencyEstablished : t.established) * 1e6;
    table[group * 3 + FlowState.Closed] = (emergency ? t.emergencyClosed : t.closed) * 1e6;
  });
  return table;
}
