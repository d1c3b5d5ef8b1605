import fc from 'fast-check';
import type { EveTunnel } from '../../src/output/eve/index.js';

const ip = fc.oneof(fc.ipV4(), fc.ipV6());
const port = fc.integer({ min: 0, max: 65535 });
const vni = fc.integer({ min: 0, max: 0xffffff });

/** The tunnel objects evePacketInfo makes: VXLAN (perhaps inside GWLB's GENEVE), or GENEVE alone. */
export const eveTunnel: fc.Arbitrary<EveTunnel> = fc.oneof(
  fc.record(
    {
      type: fc.constant('vxlan' as const),
      vni,
      src_ip: ip,
      dest_ip: ip,
      src_port: port,
      dest_port: port,
      depth: fc.integer({ min: 1, max: 3 }),
      gwlb: fc.record({ type: fc.constant('geneve' as const), vni, src_ip: ip, dest_ip: ip }),
    },
    { requiredKeys: ['type', 'vni', 'src_ip', 'dest_ip', 'src_port', 'dest_port', 'depth'] },
  ),
  fc.record({ type: fc.constant('geneve' as const), vni, src_ip: ip, dest_ip: ip, depth: fc.integer({ min: 1, max: 3 }) }),
);
