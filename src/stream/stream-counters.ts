/**
 * Reassembly counters. Each TcpStream owns one; a StreamGlobals owns the engine-wide sum, which is
 * bumped at the same sites instead of being recomputed, so it stays correct after streams are pooled.
 */
export class StreamCounters {
  /** Segments that carried payload (captured or not). */
  segments = 0;
  /** Bytes that became in-order and inspectable (gap bytes excluded). */
  bytesReassembled = 0;
  /** Segments that started beyond the in-order edge when they arrived. */
  outOfOrderSegments = 0;
  /** Segments entirely below the in-order edge. */
  retransmissions = 0;
  /** Segments that overlapped data already held or delivered. */
  overlaps = 0;
  /** Overlaps whose bytes differed from what was kept (stream.reassembly_overlap_different_data). */
  overlapsDifferentData = 0;
  /** Holes skipped (stream.reassembly_seq_gap). */
  gaps = 0;
  gapBytes = 0;
  /** Segments whose wire length exceeded the captured bytes (mirror PacketLength/MTU truncation). */
  truncatedSegments = 0;
  /** Streams that hit the depth limit (counted once per stream, like tcp.stream_depth_reached). */
  depthReached = 0;
  /** Segments whose data could not be stored because the memcap refused the buffer growth. */
  memcapDrops = 0;
  /** Segments before the stream's base sequence (stream.reassembly_segment_before_base_seq). */
  beforeBaseSeq = 0;
  /** Segments too far from the in-order edge to be plausible (more than 2^30 away). */
  outOfWindow = 0;
  /** Payload segments ignored because no SYN was seen and midstream pickup is off. */
  noHandshake = 0;
  /** Gaps forced because held out-of-order data exceeded its limits. */
  forcedGaps = 0;
  /** Times a peer ACK beyond our data authorised skipping the holes below it (mirror loss). */
  ackedGaps = 0;
  /** In-order bytes discarded before the consumer pulled them (the consumer did not drain windows). */
  uninspectedDropped = 0;

  reset(): void {
    this.segments = 0;
    this.bytesReassembled = 0;
    this.outOfOrderSegments = 0;
    this.retransmissions = 0;
    this.overlaps = 0;
    this.overlapsDifferentData = 0;
    this.gaps = 0;
    this.gapBytes = 0;
    this.truncatedSegments = 0;
    this.depthReached = 0;
    this.memcapDrops = 0;
    this.beforeBaseSeq = 0;
    this.outOfWindow = 0;
    this.noHandshake = 0;
    this.forcedGaps = 0;
    this.ackedGaps = 0;
    this.uninspectedDropped = 0;
  }
}
