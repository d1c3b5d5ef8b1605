/** Which structure the input ended inside. */
export type CaptureTailUnit = 'file header' | 'record header' | 'record' | 'block header' | 'block';

/** A cut-short end of input: the last structure started but did not finish. Reported, never thrown. */
export interface CaptureTail {
  unit: CaptureTailUnit;
  /** File offset where the incomplete structure starts. */
  offset: number;
  /** Bytes of it that were present. */
  bytesPresent: number;
  /** Bytes it needed (for a header, the header size; for a record or block, its full size). */
  bytesExpected: number;
  /** Packets delivered before it. */
  completeRecords: number;
}
