/**
 * One contiguous run of reassembled bytes handed to the detection engine; see the contract in
 * tcp-reassembler.ts. The object is reused by the caller and its bytes are a view of the stream's
 * own storage, valid only until the next call into that stream.
 */
export class InspectWindow {
  /** The stream's storage; the window is buffer[bufferOffset, bufferOffset + end - start). */
  buffer: Uint8Array = new Uint8Array(0);
  bufferOffset = 0;
  /** Absolute stream offset of the first byte (0 = first byte after the ISN, or the pickup point). */
  start = 0;
  end = 0;
  /** Bytes in [start, newDataStart) were in an earlier window; [newDataStart, end) are new. */
  newDataStart = 0;
  /** True when a gap lies immediately before `start`: nothing before it is continuous with it. */
  afterGap = false;

  get length(): number {
    return this.end - this.start;
  }

  /** A subarray view (one small allocation); engines on the hot path index `buffer` directly. */
  bytes(): Uint8Array {
    return this.buffer.subarray(this.bufferOffset, this.bufferOffset + (this.end - this.start));
  }

  /** Whether a match whose last byte is at absolute offset matchEnd - 1 is reported by this window. */
  reportsMatchEnding(matchEnd: number): boolean {
    return matchEnd > this.newDataStart && matchEnd <= this.end;
  }
}
