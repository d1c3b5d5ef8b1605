#!/usr/bin/python3
"""Turn tshark PDML (stdin) into the golden TSV rows (stdout), one per packet.

Why PDML and not `-T fields -E occurrence=l`: a tunnelled frame repeats ip/udp
fields for every layer, and "last occurrence" goes wrong when the families
differ (outer IPv4, inner IPv6: the last ip.src is the outer one) or when the
innermost IP has no transport dissected (a non-first fragment: the last
udp.srcport is the outer VXLAN port).  PDML keeps the protocol order, so the
innermost IP layer and the transport that follows it can be picked exactly.

Rules (documented in tests/golden/README.md):
- innermost IP = the last top-level `ip` or `ipv6` protocol of the packet;
- transport/ICMP columns come only from protocols after that IP layer;
- proto for IPv6 = the last Next Header of the chain (ipv6.nxt, then each
  extension header's nxt), i.e. the upper-layer protocol;
- vxlan.vni / geneve.vni = the last occurrence (geneve.vni in decimal);
- vlan.id = every 802.1ad and 802.1Q tag ID in frame order, comma-separated;
- `-` for an absent field.
"""

import sys
import xml.etree.ElementTree as ET

COLUMNS = [
    "frame.number", "frame.len", "frame.cap_len", "vxlan.vni",
    "ip.src|ipv6.src", "ip.dst|ipv6.dst", "ip.proto|ipv6.nxt(final)",
    "ip.len|ipv6.plen", "ip.ttl|ipv6.hlim", "tcp.srcport|udp.srcport",
    "tcp.dstport|udp.dstport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw",
    "icmp.type|icmpv6.type", "icmp.code|icmpv6.code", "vlan.id", "geneve.vni",
    "_ws.malformed", "frame.protocols",
]

IPV6_EXT_NXT = ("ipv6.hopopts.nxt", "ipv6.dstopts.nxt", "ipv6.routing.nxt",
                "ipv6.fraghdr.nxt", "ah.next_header")


def first(elem, name):
    """show= of the first field called name anywhere under elem, or None."""
    for f in elem.iter("field"):
        if f.get("name") == name:
            return f.get("show")
    return None


def direct_first(proto, name):
    """Like first(), but not descending into nested <proto> elements."""
    stack = list(proto)
    while stack:
        e = stack.pop(0)
        if e.tag == "proto":
            continue
        if e.tag == "field" and e.get("name") == name:
            return e.get("show")
        stack[0:0] = list(e)
    return None


def ipv6_final_nxt(proto):
    nxt = direct_first(proto, "ipv6.nxt")
    for e in proto.iter():
        if e.tag == "field" and e.get("name") in IPV6_EXT_NXT:
            nxt = e.get("show")
    return nxt


def to_dec(v):
    if v is None:
        return None
    return str(int(v, 16)) if v.lower().startswith("0x") else v


def row(packet):
    protos = [p for p in packet if p.tag == "proto"]
    names = [p.get("name") for p in protos]
    frame = protos[names.index("frame")]
    out = dict.fromkeys(COLUMNS)
    out["frame.number"] = first(frame, "frame.number")
    out["frame.len"] = first(frame, "frame.len")
    out["frame.cap_len"] = first(frame, "frame.cap_len")
    out["frame.protocols"] = first(frame, "frame.protocols")

    for p in protos:
        n = p.get("name")
        if n == "vxlan":
            out["vxlan.vni"] = direct_first(p, "vxlan.vni")
        elif n == "geneve":
            out["geneve.vni"] = to_dec(direct_first(p, "geneve.vni"))
    tags = []
    for p in protos:
        if p.get("name") == "ieee8021ad":
            tags.append(direct_first(p, "ieee8021ad.id"))
        elif p.get("name") == "vlan":
            tags.append(direct_first(p, "vlan.id"))
    tags = [t for t in tags if t is not None]
    out["vlan.id"] = ",".join(tags) if tags else None
    out["_ws.malformed"] = "1" if any(n == "_ws.malformed" for n in names) else None

    ip_idx = max((i for i, n in enumerate(names) if n in ("ip", "ipv6")), default=None)
    if ip_idx is not None:
        ip = protos[ip_idx]
        if names[ip_idx] == "ip":
            vals = [direct_first(ip, k) for k in ("ip.src", "ip.dst", "ip.proto", "ip.len", "ip.ttl")]
        else:
            vals = [direct_first(ip, "ipv6.src"), direct_first(ip, "ipv6.dst"),
                    ipv6_final_nxt(ip), direct_first(ip, "ipv6.plen"),
                    direct_first(ip, "ipv6.hlim")]
        for k, v in zip(COLUMNS[4:9], vals):
            out[k] = v
        for p in protos[ip_idx + 1:]:
            n = p.get("name")
            if n == "tcp" and out["tcp.srcport|udp.srcport"] is None:
                out["tcp.srcport|udp.srcport"] = direct_first(p, "tcp.srcport")
                out["tcp.dstport|udp.dstport"] = direct_first(p, "tcp.dstport")
                out["tcp.flags"] = direct_first(p, "tcp.flags")
                out["tcp.seq_raw"] = direct_first(p, "tcp.seq_raw")
                out["tcp.ack_raw"] = direct_first(p, "tcp.ack_raw")
            elif n == "udp" and out["tcp.srcport|udp.srcport"] is None:
                out["tcp.srcport|udp.srcport"] = direct_first(p, "udp.srcport")
                out["tcp.dstport|udp.dstport"] = direct_first(p, "udp.dstport")
            elif n in ("icmp", "icmpv6") and out["icmp.type|icmpv6.type"] is None:
                out["icmp.type|icmpv6.type"] = direct_first(p, n + ".type")
                out["icmp.code|icmpv6.code"] = direct_first(p, n + ".code")
    return "\t".join("-" if out[c] in (None, "") else out[c] for c in COLUMNS)


def main():
    for _event, elem in ET.iterparse(sys.stdin.buffer, events=("end",)):
        if elem.tag == "packet":
            print(row(elem))
            elem.clear()


if __name__ == "__main__":
    main()
