/**
 * Events raised by one call into a stream, as a bit set so a call reports several without allocating.
 * Names follow Suricata's event table where one exists, so the anomaly output and `stream-event:`
 * rules can share them; the rest are mirrorscope's own and say so in their prefix.
 */
export const StreamEvent = {
  None: 0,
  OverlapDifferentData: 1 << 0,
  SeqGap: 1 << 1,
  BeforeBaseSeq: 1 << 2,
  Retransmission: 1 << 3,
  DepthReached: 1 << 4,
  MemcapDrop: 1 << 5,
  Truncated: 1 << 6,
  OutOfWindow: 1 << 7,
} as const;

export const STREAM_EVENT_NAMES: ReadonlyArray<readonly [bit: number, name: string]> = [
  [StreamEvent.OverlapDifferentData, 'stream.reassembly_overlap_different_data'],
  [StreamEvent.SeqGap, 'stream.reassembly_seq_gap'],
  [StreamEvent.BeforeBaseSeq, 'stream.reassembly_segment_before_base_seq'],
  [StreamEvent.Retransmission, 'stream.pkt_retransmission'],
  [StreamEvent.DepthReached, 'mirrorscope.stream.depth_reached'],
  [StreamEvent.MemcapDrop, 'mirrorscope.stream.memcap_drop'],
  [StreamEvent.Truncated, 'mirrorscope.stream.truncated_segment'],
  [StreamEvent.OutOfWindow, 'mirrorscope.stream.out_of_window'],
];

/** Names of the bits set in `events`, for logs and tests (allocates: not for the hot path). */
export function streamEventNames(events: number): string[] {
  const out: string[] = [];
  for (const [bit, name] of STREAM_EVENT_NAMES) if ((events & bit) !== 0) out.push(name);
  return out;
}
