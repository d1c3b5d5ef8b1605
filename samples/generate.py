#!/usr/bin/python3
"""Generate mirrorscope's bundled sample captures.

Every file is synthetic: it is built here, packet by packet, to look like what
an AWS VPC Traffic Mirroring target receives (VXLAN on UDP 4789 from the source
ENI's primary IP; behind a Gateway Load Balancer the same VXLAN datagram wrapped
again in GENEVE on UDP 6081).  Nothing here was captured from a real network.

Run:  npm run samples      (= /usr/bin/python3 samples/generate.py)
  or: /usr/bin/python3 samples/generate.py [OUTPUT_DIR]

The output is deterministic: fixed timestamps (from 2026-11-27T10:00:00Z),
fixed sequence numbers, MACs, IP IDs and ports.  Running it twice gives
byte-identical files.  Each sample is written twice, as classic pcap
(microsecond, little-endian, via scapy's RawPcapWriter) and as pcapng (written
by the small writer below so that every packet carries a comment saying what it
is).  See samples/PROVENANCE.md.
"""

import hashlib
import os
import struct
import sys

import scapy
from scapy.config import conf

conf.verb = 0
from scapy.layers.dns import DNS, DNSQR, DNSRR  # noqa: E402
from scapy.layers.inet import ICMP, IP, TCP, UDP  # noqa: E402
from scapy.layers.inet6 import (  # noqa: E402
    HBHOptUnknown,
    ICMPv6EchoReply,
    ICMPv6EchoRequest,
    IPv6,
    IPv6ExtHdrDestOpt,
    IPv6ExtHdrFragment,
    IPv6ExtHdrHopByHop,
    PadN,
    RouterAlert,
)
from scapy.layers.l2 import ARP, Dot1AD, Dot1Q, Ether  # noqa: E402
from scapy.packet import Raw  # noqa: E402
from scapy.utils import RawPcapWriter  # noqa: E402

# 2026-11-27T10:00:00Z
BASE_EPOCH = 1795773600
DLT_EN10MB = 1
PCAP_SNAPLEN = 262144
GENERATOR_TAG = "mirrorscope samples/generate.py"

# ---------------------------------------------------------------------------
# Fixed link-layer addresses.  02:xx are locally administered, as on AWS ENIs.
# ---------------------------------------------------------------------------
MAC_VPC_ROUTER = "02:00:5e:10:00:01"   # the VPC router as seen from any subnet
MAC_TARGET_ENI = "02:7a:00:09:09:09"   # mirror target ENI (10.0.9.9)


def eni_mac(n):
    return "02:1a:2b:00:00:%02x" % n


# ---------------------------------------------------------------------------
# Timeline and records
# ---------------------------------------------------------------------------
class Capture:
    """An ordered list of records: (epoch microseconds, bytes, wire length, comment)."""

    def __init__(self, name, start_offset_s):
        self.name = name
        self.t_us = (BASE_EPOCH + start_offset_s) * 1_000_000
        self.records = []

    def advance(self, us):
        self.t_us += us

    def add(self, data, comment, gap_us=0, caplen=None):
        """Append a record gap_us after the previous one.

        caplen < len(data) models a capture snaplen: only the first caplen bytes
        are stored, the record's original length stays len(data).
        """
        self.t_us += gap_us
        wire = len(data)
        stored = data if caplen is None else data[:caplen]
        self.records.append((self.t_us, bytes(stored), wire, comment))


def write_pcap(path, records):
    """Classic pcap, microsecond magic, little-endian, written by scapy."""
    with RawPcapWriter(path, linktype=DLT_EN10MB, endianness="<",
                       snaplen=PCAP_SNAPLEN) as w:
        w.write_header(None)
        for t_us, data, wire, _comment in records:
            w.write_packet(data, sec=t_us // 1_000_000, usec=t_us % 1_000_000,
                           caplen=len(data), wirelen=wire)


def _pcapng_opt(code, value):
    pad = (-len(value)) % 4
    return struct.pack("<HH", code, len(value)) + value + b"\x00" * pad


def _pcapng_block(btype, body):
    body += b"\x00" * ((-len(body)) % 4)
    total = 12 + len(body)
    return struct.pack("<II", btype, total) + body + struct.pack("<I", total)


def pcapng_bytes(records):
    """pcapng: one SHB, one Ethernet IDB (if_tsresol 10^-6), one EPB per record."""
    shb = struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
    shb += _pcapng_opt(4, GENERATOR_TAG.encode())     # shb_userappl
    shb += _pcapng_opt(0, b"")                        # opt_endofopt
    out = [_pcapng_block(0x0A0D0D0A, shb)]
    idb = struct.pack("<HHI", DLT_EN10MB, 0, PCAP_SNAPLEN)
    idb += _pcapng_opt(2, b"mirror0")                 # if_name
    idb += _pcapng_opt(9, b"\x06")                    # if_tsresol: microseconds
    idb += _pcapng_opt(0, b"")
    out.append(_pcapng_block(1, idb))
    for t_us, data, wire, comment in records:
        epb = struct.pack("<IIIII", 0, t_us >> 32, t_us & 0xFFFFFFFF, len(data), wire)
        epb += data + b"\x00" * ((-len(data)) % 4)
        epb += _pcapng_opt(1, comment.encode())       # opt_comment
        epb += _pcapng_opt(0, b"")
        out.append(_pcapng_block(6, epb))
    return b"".join(out)


def write_pcapng(path, records):
    with open(path, "wb") as f:
        f.write(pcapng_bytes(records))


# ---------------------------------------------------------------------------
# Mirror sessions: VXLAN delivery, optional PacketLength truncation
# ---------------------------------------------------------------------------
def flow_tuple(inner):
    """(proto, src, dst, sport, dport) of an inner packet (scapy object)."""
    ip = inner.getlayer(IP) or inner.getlayer(IPv6)
    if ip is None:
        return ("l2", inner.src, inner.dst, 0, 0)
    src, dst = ip.src, ip.dst
    if inner.haslayer(TCP):
        return (6, src, dst, inner[TCP].sport, inner[TCP].dport)
    if inner.haslayer(UDP) and not inner.haslayer(IPv6ExtHdrFragment):
        return (17, src, dst, inner[UDP].sport, inner[UDP].dport)
    proto = ip.proto if isinstance(ip, IP) else 0
    return (proto, src, dst, 0, 0)


def hashed_port(key, salt):
    """A stable stand-in for AWS's per-flow 5-tuple hash (49152..65535).

    AWS does not document the hash nor whether it is symmetric; this one is
    not: the two directions of a flow get different outer source ports.
    """
    h = hashlib.sha256(("%s|%r" % (salt, key)).encode()).digest()
    return 49152 + (int.from_bytes(h[:2], "big") % 16384)


def vxlan_header(vni, flags=0x08, reserved24=0, reserved8=0):
    return struct.pack("!B3sI", flags, reserved24.to_bytes(3, "big"),
                       (vni << 8) | reserved8)


class MirrorSession:
    """One Traffic Mirror session of one source ENI."""

    def __init__(self, vni, eni_ip, eni_mac_addr, target_ip, packet_length=None,
                 outer_ip_id=0x1000, target_mac=MAC_TARGET_ENI,
                 router_mac=MAC_VPC_ROUTER):
        self.vni = vni
        self.eni_ip = eni_ip
        self.eni_mac = eni_mac_addr
        self.target_ip = target_ip
        self.packet_length = packet_length
        self.ip_id = outer_ip_id
        self.target_mac = target_mac
        self.router_mac = router_mac

    def inner_frame(self, ip_pkt, tags=()):
        """Ethernet frame for ip_pkt as seen on the source ENI.

        Frames leaving the ENI go to the VPC router's MAC, arriving frames come
        from it.  tags: list of (ethertype, vid, pcp) outer-to-inner.
        """
        src_ip = ip_pkt.src
        if src_ip == self.eni_ip or src_ip in getattr(self, "eni_ip6", ()):
            src, dst = self.eni_mac, self.router_mac
        else:
            src, dst = self.router_mac, self.eni_mac
        if not tags:
            return Ether(src=src, dst=dst) / ip_pkt
        first_type = tags[0][0]
        frame = Ether(src=src, dst=dst, type=first_type)
        layers = []
        for i, (_etype, vid, pcp) in enumerate(tags):
            next_type = tags[i + 1][0] if i + 1 < len(tags) else None
            cls = Dot1AD if _etype == 0x88A8 else Dot1Q
            kw = dict(vlan=vid, prio=pcp)
            if next_type is not None:
                kw["type"] = next_type
            layers.append(cls(**kw))
        for layer in layers:
            frame = frame / layer
        return frame / ip_pkt

    def vxlan_payload(self, inner, vxlan=None):
        """VXLAN header + inner frame bytes, truncated to PacketLength."""
        body = bytes(inner)
        if self.packet_length is not None:
            body = body[: self.packet_length]
        hdr = vxlan if vxlan is not None else vxlan_header(self.vni)
        return hdr + body

    def outer_ipv4(self, udp_payload, sport, dst=None, dport=4789, ttl=64):
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        pkt = IP(src=self.eni_ip, dst=dst or self.target_ip, id=self.ip_id, ttl=ttl,
                 flags=0) / UDP(sport=sport, dport=dport, chksum=0) / Raw(udp_payload)
        return pkt

    def deliver(self, inner, vxlan=None, udp_payload=None, sport=None):
        """Complete Ethernet frame as received by the target ENI."""
        payload = udp_payload if udp_payload is not None else self.vxlan_payload(inner, vxlan)
        if sport is None:
            sport = hashed_port(flow_tuple(inner), self.vni)
        ip = self.outer_ipv4(payload, sport)
        return bytes(Ether(src=self.router_mac, dst=self.target_mac) / ip)


class MirrorSessionV6(MirrorSession):
    """Same session, but the delivery uses the ENI's IPv6 address (outer IPv6)."""

    def __init__(self, *a, eni_ip6, target_ip6, **kw):
        super().__init__(*a, **kw)
        self.eni_ip6 = (eni_ip6,)
        self.target_ip6 = target_ip6

    def deliver_v6(self, inner):
        payload = self.vxlan_payload(inner)
        sport = hashed_port(flow_tuple(inner), self.vni)
        # UDP over IPv6 needs a real checksum; scapy computes it.
        ip6 = IPv6(src=self.eni_ip6[0], dst=self.target_ip6, hlim=64, fl=0) / \
            UDP(sport=sport, dport=4789) / Raw(payload)
        return bytes(Ether(src=self.router_mac, dst=self.target_mac, type=0x86DD) / ip6)


# ---------------------------------------------------------------------------
# Inner traffic builders
# ---------------------------------------------------------------------------
def syn_options(mss, tsval):
    # Linux order: MSS, SACK permitted, timestamps, NOP, window scale
    return [("MSS", mss), ("SAckOK", b""), ("Timestamp", (tsval, 0)),
            ("NOP", None), ("WScale", 7)]


def synack_options(mss, tsval, tsecr):
    return [("MSS", mss), ("SAckOK", b""), ("Timestamp", (tsval, tsecr)),
            ("NOP", None), ("WScale", 7)]


def ts_options(tsval, tsecr):
    return [("NOP", None), ("NOP", None), ("Timestamp", (tsval, tsecr))]


def ip4(src, dst, ttl, ip_id, proto_layer):
    return IP(src=src, dst=dst, ttl=ttl, id=ip_id, flags="DF") / proto_layer


def tcp_conversation(c_ip, c_port, s_ip, s_port, c_isn, s_isn, request, response,
                     c_ttl, s_ttl, c_ts, s_ts, rtt_us, c_ipid, s_ipid, mss=1460,
                     ip6=False, labels=("client", "server")):
    """Yield (gap_us, scapy IP packet, comment) for a complete TCP conversation:
    3-way handshake, one request, one response, FIN/FIN/ACK close."""
    c_seq, s_seq = c_isn, s_isn
    cn, sn = labels
    ids = {"c": c_ipid, "s": s_ipid}

    def mk(side, flags, seq, ack, payload=b"", opts=None, window=None):
        if side == "c":
            src, dst, sp, dp, ttl = c_ip, s_ip, c_port, s_port, c_ttl
        else:
            src, dst, sp, dp, ttl = s_ip, c_ip, s_port, c_port, s_ttl
        win = window if window is not None else 502
        t = TCP(sport=sp, dport=dp, flags=flags, seq=seq, ack=ack, window=win,
                options=opts or [])
        if payload:
            t = t / Raw(payload)
        if ip6:
            return IPv6(src=src, dst=dst, hlim=ttl, fl=0) / t
        ids[side] = (ids[side] + 1) & 0xFFFF
        return ip4(src, dst, ttl, ids[side], t)

    half = rtt_us // 2
    tc, tsv = c_ts, s_ts
    yield 0, mk("c", "S", c_seq, 0, opts=syn_options(mss, tc), window=64240), \
        "%s SYN (MSS, SACK-permitted, timestamps, window scale)" % cn
    yield rtt_us, mk("s", "SA", s_seq, c_seq + 1, opts=synack_options(mss, tsv, tc),
                     window=65160), "%s SYN-ACK" % sn
    c_seq += 1
    s_seq += 1
    tc += rtt_us // 1000
    yield 40, mk("c", "A", c_seq, s_seq, opts=ts_options(tc, tsv)), "%s ACK (handshake done)" % cn
    yield 120, mk("c", "PA", c_seq, s_seq, request, ts_options(tc, tsv)), \
        "%s request, %d bytes" % (cn, len(request))
    c_seq += len(request)
    tsv += half // 1000 + 1
    yield rtt_us, mk("s", "A", s_seq, c_seq, opts=ts_options(tsv, tc)), "%s ACK of request" % sn
    yield 900, mk("s", "PA", s_seq, c_seq, response, ts_options(tsv, tc)), \
        "%s response, %d bytes" % (sn, len(response))
    s_seq += len(response)
    tc += rtt_us // 1000
    yield rtt_us, mk("c", "A", c_seq, s_seq, opts=ts_options(tc, tsv)), "%s ACK of response" % cn
    yield 2500, mk("c", "FA", c_seq, s_seq, opts=ts_options(tc, tsv)), "%s FIN" % cn
    tsv += rtt_us // 1000
    yield rtt_us, mk("s", "FA", s_seq, c_seq + 1, opts=ts_options(tsv, tc)), "%s FIN" % sn
    yield rtt_us, mk("c", "A", c_seq + 1, s_seq + 1, opts=ts_options(tc + 1, tsv)), \
        "%s final ACK" % cn


def http_get(host, path, ua, accept="*/*"):
    return ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: %s\r\n\r\n"
            % (path, host, ua, accept)).encode()


def http_200(body, ctype="text/html; charset=utf-8", server="nginx/1.24.0"):
    head = ("HTTP/1.1 200 OK\r\nServer: %s\r\nDate: Fri, 27 Nov 2026 10:00:00 GMT\r\n"
            "Content-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
            % (server, ctype, len(body))).encode()
    return head + body


def ping_payload(n):
    # Linux ping: 8 bytes of timestamp then 0x10, 0x11, ... (56 bytes total)
    return struct.pack("<II", BASE_EPOCH, 1000 * n) + bytes(range(0x10, 0x10 + 48))


# ---------------------------------------------------------------------------
# Samples
# ---------------------------------------------------------------------------
def sample_vxlan_basic():
    cap = Capture("vxlan-basic", 0)
    eni = "10.0.0.11"
    m = MirrorSession(vni=7001, eni_ip=eni, eni_mac_addr=eni_mac(0x11), target_ip="10.0.9.9",
                      outer_ip_id=0x2a00)

    def emit(gap, ip_pkt, comment):
        cap.add(m.deliver(m.inner_frame(ip_pkt)), "vxlan-basic: " + comment, gap)

    # 1. Ingress HTTP: internet client -> web server on the source ENI.
    body1 = (b"<!doctype html>\n<html><head><title>Search</title></head>\n"
             b"<body><p>No results for your query.</p></body></html>\n")
    req1 = http_get("www.example.com", "/search?q=%27%20OR%201%3D1--",
                    "sqlmap/1.8.2#stable (https://sqlmap.org)")
    for gap, pkt, c in tcp_conversation(
            "203.0.113.50", 41000, eni, 80, 0x5D1C0A01, 0x8E2F3B02, req1, http_200(body1),
            c_ttl=52, s_ttl=64, c_ts=3_900_100_000, s_ts=1_200_000, rtt_us=12_000,
            c_ipid=0x6100, s_ipid=0x0000, labels=("203.0.113.50:41000", "10.0.0.11:80")):
        emit(gap, pkt, c)

    # 2. DNS lookup from the ENI to a self-managed resolver, then egress HTTP.
    cap.advance(150_000)
    q = DNS(id=0x3c7e, rd=1, qd=DNSQR(qname="repo.example.net", qtype="A"))
    r = DNS(id=0x3c7e, qr=1, rd=1, ra=1, qd=DNSQR(qname="repo.example.net", qtype="A"),
            an=DNSRR(rrname="repo.example.net", type="A", ttl=300, rdata="198.51.100.20"))
    emit(0, ip4(eni, "10.0.2.53", 64, 0x1a2b, UDP(sport=53001, dport=53) / q),
         "DNS query A repo.example.net (10.0.0.11:53001 -> 10.0.2.53:53)")
    emit(800, ip4("10.0.2.53", eni, 64, 0x0b0c, UDP(sport=53, dport=53001) / r),
         "DNS response A repo.example.net = 198.51.100.20")

    body2 = b"Origin: Example\nLabel: Example\nSuite: stable\nCodename: stable\n" \
        b"Date: Fri, 27 Nov 2026 09:00:00 UTC\nArchitectures: amd64 arm64\n"
    req2 = http_get("repo.example.net", "/dists/stable/Release", "Debian APT-HTTP/1.3 (2.6.1)")
    for gap, pkt, c in tcp_conversation(
            eni, 51234, "198.51.100.20", 80, 0x11223344, 0xA0B0C0D0, req2,
            http_200(body2, ctype="text/plain", server="Apache"),
            c_ttl=64, s_ttl=49, c_ts=1_200_400, s_ts=77_000_000, rtt_us=18_000,
            c_ipid=0x0100, s_ipid=0x4f00, labels=("10.0.0.11:51234", "198.51.100.20:80")):
        emit(2000 if gap == 0 else gap, pkt, c)

    # 3. ping 203.0.113.50 -c 2 from the ENI (IP total length 84).
    cap.advance(300_000)
    for n in (1, 2):
        req = ip4(eni, "203.0.113.50", 64, 0x7700 + n,
                  ICMP(type=8, code=0, id=0x1f2e, seq=n) / Raw(ping_payload(n)))
        rep = ip4("203.0.113.50", eni, 52, 0x9900 + n,
                  ICMP(type=0, code=0, id=0x1f2e, seq=n) / Raw(ping_payload(n)))
        emit(0 if n == 1 else 1_000_000 - 12_000, req, "ICMP echo request seq %d" % n)
        emit(12_000, rep, "ICMP echo reply seq %d" % n)
    return cap


GWLBE_ID = 0x0A1B2C3D4E5F6071
GWLB_ATTACHMENT_ID = 0x00000000075BCD15


def geneve_gwlb(inner_ip_bytes, flow_cookie, proto=0x0800, vni=0):
    """GENEVE header as a GWLB sends it: version 0, option class 0x0108 TLVs.

    Type 1: GWLB endpoint id (8 bytes), type 2: attachment id (8 bytes),
    type 3: flow cookie (4 bytes).  Option length = 32 bytes = 8 words.
    """
    opts = b""
    for typ, val in ((1, GWLBE_ID.to_bytes(8, "big")),
                     (2, GWLB_ATTACHMENT_ID.to_bytes(8, "big")),
                     (3, flow_cookie.to_bytes(4, "big"))):
        opts += struct.pack("!HBB", 0x0108, typ, len(val) // 4) + val
    optlen = len(opts) // 4
    hdr = struct.pack("!BBHI", optlen & 0x3F, 0, proto, vni << 8)
    return hdr + opts + inner_ip_bytes


def sample_gwlb_geneve():
    cap = Capture("gwlb-geneve", 5 * 60)
    eni = "10.0.1.21"
    gwlbe_ip = "10.0.7.7"      # the GWLB endpoint is the mirror target
    gwlb_node = "10.0.8.8"     # GWLB node that forwards to the appliance
    appliance = "10.0.9.9"
    m = MirrorSession(vni=5523451, eni_ip=eni, eni_mac_addr=eni_mac(0x21),
                      target_ip=gwlbe_ip, outer_ip_id=0x3b00)
    gw_ip_id = [0x0400]

    def emit(gap, ip_pkt, comment):
        inner = m.inner_frame(ip_pkt)
        key = flow_tuple(inner)
        vx_ip = bytes(m.outer_ipv4(m.vxlan_payload(inner), hashed_port(key, m.vni)))
        # GWLB hashes the (outer) 5-tuple of the VXLAN datagram for its own port/cookie.
        vx_key = (17, eni, gwlbe_ip, hashed_port(key, m.vni), 4789)
        cookie = int.from_bytes(hashlib.sha256(repr(vx_key).encode()).digest()[:4], "big")
        gsport = hashed_port(vx_key, "gwlb")
        gw_ip_id[0] += 1
        outer = IP(src=gwlb_node, dst=appliance, ttl=64, id=gw_ip_id[0]) / \
            UDP(sport=gsport, dport=6081, chksum=0) / Raw(geneve_gwlb(vx_ip, cookie))
        frame = Ether(src=MAC_VPC_ROUTER, dst=MAC_TARGET_ENI) / outer
        cap.add(bytes(frame), "gwlb-geneve: " + comment, gap)

    body = b"{\"status\":\"ok\",\"version\":\"2.4.1\"}\n"
    req = http_get("api.example.org", "/healthz", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                   accept="application/json")
    for gap, pkt, c in tcp_conversation(
            "198.51.100.77", 44321, eni, 80, 0x0BADF00D, 0x600DCAFE, req,
            http_200(body, ctype="application/json"),
            c_ttl=47, s_ttl=64, c_ts=55_000_000, s_ts=9_000_000, rtt_us=21_000,
            c_ipid=0x2200, s_ipid=0x0000, labels=("198.51.100.77:44321", "10.0.1.21:80")):
        emit(gap, pkt, c)

    cap.advance(200_000)
    q = DNS(id=0x51a0, rd=1, qd=DNSQR(qname="api.example.org", qtype="A"))
    r = DNS(id=0x51a0, qr=1, rd=1, ra=1, qd=DNSQR(qname="api.example.org", qtype="A"),
            an=DNSRR(rrname="api.example.org", type="A", ttl=60, rdata="10.0.1.21"))
    emit(0, ip4(eni, "10.0.2.53", 64, 0x3101, UDP(sport=40404, dport=53) / q),
         "DNS query A api.example.org")
    emit(700, ip4("10.0.2.53", eni, 64, 0x0c01, UDP(sport=53, dport=40404) / r),
         "DNS response A api.example.org = 10.0.1.21")

    cap.advance(100_000)
    emit(0, ip4(eni, "198.51.100.77", 64, 0x8801,
                ICMP(type=8, id=0x0a0a, seq=1) / Raw(ping_payload(1))), "ICMP echo request seq 1")
    emit(21_000, ip4("198.51.100.77", eni, 47, 0xa101,
                     ICMP(type=0, id=0x0a0a, seq=1) / Raw(ping_payload(1))), "ICMP echo reply seq 1")
    return cap


def sample_vlan_qinq():
    cap = Capture("vlan-qinq", 10 * 60)
    eni = "10.0.3.31"
    m = MirrorSession(vni=424242, eni_ip=eni, eni_mac_addr=eni_mac(0x31), target_ip="10.0.9.9",
                      outer_ip_id=0x4c00)
    Q, AD = 0x8100, 0x88A8

    def emit(gap, ip_pkt, tags, comment):
        cap.add(m.deliver(m.inner_frame(ip_pkt, tags)), "vlan-qinq: " + comment, gap)

    # 802.1Q, VLAN 100, PCP 5: TCP handshake plus one data segment each way.
    t = [(Q, 100, 5)]
    c, s = "10.0.3.31", "10.0.3.200"
    emit(0, ip4(c, s, 64, 0x0101, TCP(sport=43210, dport=5432, flags="S", seq=1000, window=64240,
                                       options=syn_options(8961, 1000))),
         t, "802.1Q vid 100 pcp 5: TCP SYN 10.0.3.31:43210 -> 10.0.3.200:5432")
    emit(300, ip4(s, c, 64, 0x0000, TCP(sport=5432, dport=43210, flags="SA", seq=5000, ack=1001,
                                         window=62643, options=synack_options(8961, 2000, 1000))),
         t, "802.1Q vid 100 pcp 5: TCP SYN-ACK")
    emit(40, ip4(c, s, 64, 0x0102, TCP(sport=43210, dport=5432, flags="A", seq=1001, ack=5001,
                                        window=490, options=ts_options(1000, 2000))),
         t, "802.1Q vid 100 pcp 5: TCP ACK")
    emit(200, ip4(c, s, 64, 0x0103, TCP(sport=43210, dport=5432, flags="PA", seq=1001, ack=5001,
                                         window=490, options=ts_options(1001, 2000))
                  / Raw(b"\x00\x00\x00\x08\x04\xd2\x16\x2f")),
         t, "802.1Q vid 100 pcp 5: TCP data (8 bytes)")
    emit(350, ip4(s, c, 64, 0x0001, TCP(sport=5432, dport=43210, flags="PA", seq=5001, ack=1009,
                                         window=490, options=ts_options(2001, 1001)) / Raw(b"N")),
         t, "802.1Q vid 100 pcp 5: TCP data (1 byte)")

    # 802.1ad S-tag 200 + 802.1Q C-tag 100 (QinQ): DNS and ping.
    tt = [(AD, 200, 0), (Q, 100, 0)]
    cap.advance(50_000)
    q = DNS(id=0x7a7a, rd=1, qd=DNSQR(qname="db.internal.example", qtype="A"))
    r = DNS(id=0x7a7a, qr=1, aa=1, rd=1, ra=1, qd=DNSQR(qname="db.internal.example", qtype="A"),
            an=DNSRR(rrname="db.internal.example", type="A", ttl=30, rdata="10.0.3.200"))
    emit(0, ip4(eni, "10.0.2.53", 64, 0x0201, UDP(sport=33333, dport=53) / q),
         tt, "802.1ad vid 200 + 802.1Q vid 100: DNS query")
    emit(600, ip4("10.0.2.53", eni, 64, 0x0d01, UDP(sport=53, dport=33333) / r),
         tt, "802.1ad vid 200 + 802.1Q vid 100: DNS response")
    emit(10_000, ip4(eni, "10.0.3.200", 64, 0x0301,
                     ICMP(type=8, id=0x4242, seq=7) / Raw(ping_payload(7))),
         tt, "802.1ad vid 200 + 802.1Q vid 100: ICMP echo request")
    emit(250, ip4("10.0.3.200", eni, 64, 0x0e01,
                  ICMP(type=0, id=0x4242, seq=7) / Raw(ping_payload(7))),
         tt, "802.1ad vid 200 + 802.1Q vid 100: ICMP echo reply")
    return cap


def sample_ipv6():
    cap = Capture("ipv6", 15 * 60)
    eni4, eni6 = "10.0.4.41", "2600:1f18:4a3:6a00::41"
    peer6 = "2001:db8:beef::50"
    m = MirrorSessionV6(vni=11259375, eni_ip=eni4, eni_mac_addr=eni_mac(0x41), target_ip="10.0.9.9",
                        outer_ip_id=0x5d00, eni_ip6=eni6, target_ip6="2600:1f18:4a3:6a09::9")

    def emit(gap, ip_pkt, comment, outer6=False):
        inner = m.inner_frame(ip_pkt)
        frame = m.deliver_v6(inner) if outer6 else m.deliver(inner)
        cap.add(frame, "ipv6: " + comment, gap)

    # TCP over IPv6: handshake, request, response, close.
    req = b"GET / HTTP/1.1\r\nHost: [2600:1f18:4a3:6a00::41]\r\nUser-Agent: curl/8.5.0\r\n" \
        b"Accept: */*\r\n\r\n"
    for gap, pkt, c in tcp_conversation(
            peer6, 50600, eni6, 80, 0x1000AAAA, 0x2000BBBB, req,
            http_200(b"hello over IPv6\n", ctype="text/plain"),
            c_ttl=55, s_ttl=64, c_ts=100, s_ts=200, rtt_us=15_000, c_ipid=0, s_ipid=0,
            mss=1440, ip6=True, labels=("[2001:db8:beef::50]:50600", "[2600:1f18:4a3:6a00::41]:80")):
        emit(gap, pkt, "TCP " + c)

    # UDP (DNS AAAA) over IPv6, delivered over outer IPv6 (the one outer-IPv6 flow).
    cap.advance(100_000)
    q = DNS(id=0x6666, rd=1, qd=DNSQR(qname="www.example.com", qtype="AAAA"))
    r = DNS(id=0x6666, qr=1, rd=1, ra=1, qd=DNSQR(qname="www.example.com", qtype="AAAA"),
            an=DNSRR(rrname="www.example.com", type="AAAA", ttl=300, rdata="2001:db8:80::80"))
    emit(0, IPv6(src=eni6, dst="2001:db8:53::53", hlim=64) / UDP(sport=35353, dport=53) / q,
         "UDP DNS AAAA query, outer IPv6 delivery", outer6=True)
    emit(9_000, IPv6(src="2001:db8:53::53", dst=eni6, hlim=57) / UDP(sport=53, dport=35353) / r,
         "UDP DNS AAAA response, outer IPv6 delivery", outer6=True)

    # ICMPv6 echo request/reply.
    cap.advance(100_000)
    emit(0, IPv6(src=eni6, dst=peer6, hlim=64) / ICMPv6EchoRequest(id=0x0606, seq=1,
                                                                    data=ping_payload(1)),
         "ICMPv6 echo request")
    emit(15_000, IPv6(src=peer6, dst=eni6, hlim=55) / ICMPv6EchoReply(id=0x0606, seq=1,
                                                                       data=ping_payload(1)),
         "ICMPv6 echo reply")

    # UDP with hop-by-hop options + destination options extension headers.
    cap.advance(50_000)
    hbh = IPv6ExtHdrHopByHop(options=[RouterAlert(value=0), PadN(optdata=b"")])
    dst = IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x1e, optdata=b"\x00\x01\x02\x03"),
                                     PadN(optdata=b"")])
    emit(0, IPv6(src=eni6, dst=peer6, hlim=64) / hbh / dst / UDP(sport=40000, dport=9999) /
         Raw(b"ext-hdr-probe"),
         "UDP behind hop-by-hop + destination options headers")

    # One UDP datagram (1200 bytes payload) sent as two IPv6 fragments.
    cap.advance(50_000)
    # UDP checksum must cover the full datagram: build it with the real addresses.
    full = IPv6(src=eni6, dst=peer6, hlim=64) / UDP(sport=40001, dport=9999) / \
        Raw(bytes((i * 7) & 0xFF for i in range(1200)))
    dgram = bytes(full[UDP])
    first, second = dgram[:1000], dgram[1000:]
    emit(0, IPv6(src=eni6, dst=peer6, hlim=64) /
         IPv6ExtHdrFragment(nh=17, offset=0, m=1, id=0x0BADCAFE) / Raw(first),
         "UDP datagram, IPv6 fragment 1/2 (offset 0, M=1, carries the UDP header)")
    emit(20, IPv6(src=eni6, dst=peer6, hlim=64) /
         IPv6ExtHdrFragment(nh=17, offset=1000 // 8, m=0, id=0x0BADCAFE) / Raw(second),
         "UDP datagram, IPv6 fragment 2/2 (offset 1000, M=0)")
    return cap


def sample_truncated():
    cap = Capture("truncated", 20 * 60)
    eni = "10.0.5.51"
    # Session with PacketLength 100: only 100 bytes after the VXLAN header.
    m = MirrorSession(vni=9100100, eni_ip=eni, eni_mac_addr=eni_mac(0x51), target_ip="10.0.9.9",
                      packet_length=100, outer_ip_id=0x6e00)
    srv = "198.51.100.80"

    def emit(gap, ip_pkt, comment, **kw):
        cap.add(m.deliver(m.inner_frame(ip_pkt)), "truncated: " + comment, gap, **kw)

    c_seq, s_seq = 0x31415926, 0x27182818
    ci, si = 0x0700, 0x0000

    tsc, tss = [5000], [9000]

    def c(flags, payload=b"", opts=None, gap=0, comment=""):
        nonlocal ci
        ci += 1
        tsc[0] += 1
        t = TCP(sport=40112, dport=80, flags=flags, seq=c_seq, ack=s_seq if "A" in flags else 0,
                window=64240 if flags == "S" else 502,
                options=opts or ts_options(tsc[0], tss[0]))
        emit(gap, ip4(eni, srv, 64, ci, t / Raw(payload) if payload else t), comment)

    def s(flags, payload=b"", opts=None, gap=0, comment=""):
        nonlocal si
        si += 1
        tss[0] += 1
        t = TCP(sport=80, dport=40112, flags=flags, seq=s_seq, ack=c_seq,
                window=65160 if flags == "SA" else 509,
                options=opts or ts_options(tss[0], tsc[0]))
        emit(gap, ip4(srv, eni, 50, si, t / Raw(payload) if payload else t), comment)

    c("S", opts=syn_options(1460, 5000), comment="SYN (74-byte frame, shorter than 100: whole)")
    c_seq += 1
    s("SA", opts=synack_options(1460, 9000, 5000), gap=14_000, comment="SYN-ACK (whole)")
    s_seq += 1
    c("A", gap=40, comment="ACK (whole)")
    req = http_get("downloads.example.net", "/images/disk.img", "Wget/1.21.3")
    c("PA", req, gap=100, comment="HTTP GET, %d-byte frame truncated to 100 bytes" % (14 + 40 + len(req)))
    c_seq += len(req)
    s("A", gap=14_000, comment="ACK of request (whole)")
    # MSS 1460 minus 12 bytes of timestamp option = 1448 bytes per full segment,
    # so each data segment is a 1500-byte IP packet.
    seg_len = 1448
    head_fmt = (b"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/octet-stream\r\n"
                b"Content-Length: %d\r\n\r\n")
    body_len = 3 * seg_len - len(head_fmt % 4000)
    head = head_fmt % body_len
    blob = head + bytes((i * 31 + 7) & 0xFF for i in range(body_len))
    assert len(blob) == 3 * seg_len
    for i in range(3):
        seg = blob[i * seg_len:(i + 1) * seg_len]
        s("A" if i < 2 else "PA", seg, gap=200 if i == 0 else 120,
          comment="data segment %d: IP total length 1500, delivered 100 bytes after VXLAN" % (i + 1))
        s_seq += len(seg)
        if i == 1:
            c("A", gap=60, comment="ACK (whole)")
    c("A", gap=60, comment="ACK (whole)")
    c("FA", gap=1_000, comment="FIN (whole)")
    c_seq += 1
    s("FA", gap=14_000, comment="FIN (whole)")
    s_seq += 1
    c("A", gap=40, comment="final ACK (whole)")

    # A second session of the same ENI (no PacketLength), capture snaplen 128.
    m2 = MirrorSession(vni=9100101, eni_ip=eni, eni_mac_addr=eni_mac(0x51), target_ip="10.0.9.9",
                       outer_ip_id=0x7f00)
    big = ip4(eni, "198.51.100.81", 64, 0x0901,
              UDP(sport=45000, dport=4433) / Raw(bytes((i * 13) & 0xFF for i in range(1472))))
    cap.add(m2.deliver(m2.inner_frame(big)),
            "truncated: UDP 1500-byte IP packet mirrored whole (session VNI 9100101), "
            "but the capture kept only 128 bytes (snaplen)", 200_000, caplen=128)
    return cap


def sample_invalid_vxlan():
    cap = Capture("invalid-vxlan", 25 * 60)
    eni = "10.0.6.61"
    m = MirrorSession(vni=7002, eni_ip=eni, eni_mac_addr=eni_mac(0x61), target_ip="10.0.9.9",
                      outer_ip_id=0x8000)

    def dns_query(n):
        q = DNS(id=0x1000 + n, rd=1, qd=DNSQR(qname="check%d.example.com" % n, qtype="A"))
        return m.inner_frame(ip4(eni, "10.0.2.53", 64, 0x0400 + n,
                                 UDP(sport=50000 + n, dport=53) / q))

    def emit(gap, inner, comment, **kw):
        cap.add(m.deliver(inner, **kw), "invalid-vxlan: " + comment, gap)

    emit(0, dns_query(1), "valid VXLAN (flags 0x08, VNI 7002): DNS query check1.example.com")
    emit(10_000, dns_query(2), "INVALID: VXLAN flags 0x00 (I flag clear), VNI field 7002",
         vxlan=vxlan_header(7002, flags=0x00))
    emit(10_000, dns_query(3), "VXLAN flags 0x48 (I flag + reserved bit 0x40 set)",
         vxlan=vxlan_header(7002, flags=0x48))
    emit(10_000, dns_query(4), "VXLAN flags 0x08 but the last reserved byte is 0x5a",
         vxlan=vxlan_header(7002, reserved8=0x5A))
    inner5 = dns_query(5)
    emit(10_000, inner5, "INVALID: UDP payload only 5 bytes (too short for a VXLAN header)",
         udp_payload=b"\x08\x00\x00\x00\x1b", sport=hashed_port(flow_tuple(inner5), 7002))
    inner6 = dns_query(6)
    emit(10_000, inner6, "INVALID: VXLAN header valid but only 6 bytes of inner frame follow",
         udp_payload=vxlan_header(7002) + bytes(inner6)[:6],
         sport=hashed_port(flow_tuple(inner6), 7002))
    emit(10_000, dns_query(7), "valid VXLAN again: DNS query check7.example.com")
    return cap


def sample_mixed():
    """A plain (non-tunnelled) Ethernet capture: ARP and an SSH TCP flow."""
    cap = Capture("mixed", 30 * 60)
    a_mac, b_mac = "02:aa:00:00:00:0a", "02:bb:00:00:00:0b"
    a, b = "172.31.10.10", "172.31.20.20"

    def emit(gap, frame, comment):
        cap.add(bytes(frame), "mixed (plain Ethernet): " + comment, gap)

    emit(0, Ether(src=a_mac, dst="ff:ff:ff:ff:ff:ff") /
         ARP(op=1, hwsrc=a_mac, psrc=a, hwdst="00:00:00:00:00:00", pdst="172.31.0.1"),
         "ARP who-has 172.31.0.1")
    emit(150, Ether(src=MAC_VPC_ROUTER, dst=a_mac) /
         ARP(op=2, hwsrc=MAC_VPC_ROUTER, psrc="172.31.0.1", hwdst=a_mac, pdst=a),
         "ARP reply 172.31.0.1 is-at " + MAC_VPC_ROUTER)
    banner_s = b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"
    banner_c = b"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n"
    for gap, pkt, c in tcp_conversation(
            a, 60022, b, 22, 0x00C0FFEE, 0x00FACADE, banner_c, banner_s,
            c_ttl=64, s_ttl=63, c_ts=111_111, s_ts=222_222, rtt_us=800,
            c_ipid=0x1100, s_ipid=0x2200, mss=8961, labels=("172.31.10.10:60022", "172.31.20.20:22")):
        src_mac, dst_mac = (a_mac, MAC_VPC_ROUTER) if pkt.src == a else (MAC_VPC_ROUTER, a_mac)
        emit(200 if gap == 0 else gap, Ether(src=src_mac, dst=dst_mac) / pkt, "TCP " + c)
    return cap


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    samples = [sample_vxlan_basic(), sample_gwlb_geneve(), sample_vlan_qinq(), sample_ipv6(),
               sample_truncated(), sample_invalid_vxlan(), sample_mixed()]
    for cap in samples:
        write_pcap(os.path.join(out, cap.name + ".pcap"), cap.records)
        write_pcapng(os.path.join(out, cap.name + ".pcapng"), cap.records)
        print("%-14s %3d packets" % (cap.name, len(cap.records)))

    # cut-short: the first 6 records of vxlan-basic, the 6th record cut in half.
    recs = samples[0].records[:6]
    path = os.path.join(out, "cut-short.pcap")
    write_pcap(path, recs)
    last_len = len(recs[-1][1])
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) - last_len + last_len // 2)
    data = pcapng_bytes(recs)
    last_start = len(pcapng_bytes(recs[:-1]))
    cut_at = last_start + (len(data) - last_start) // 2
    with open(os.path.join(out, "cut-short.pcapng"), "wb") as f:
        f.write(data[:cut_at])
    print("cut-short      6 records, the last one cut in half (.pcap and .pcapng)")
    print("scapy %s" % scapy.VERSION)


if __name__ == "__main__":
    main()
