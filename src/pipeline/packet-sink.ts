/**
 * What the transport (replay reader, UDP listener, worker threads) hands packets to. One sink per thread owns the
 * flow table, streams and detection state for the flows routed to it. Packets are raw frames: pcap records as
 * read, or listener datagrams behind a synthesized outer IP/UDP header (so both paths decode the same way).
 */
export interface PacketSink {
  /** One packet in bytes[offset, offset + captureLength). tsUs: capture or arrival time, microseconds. */
  packet(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    tsUs: number,
    recordNumber: number,
    fileIndex: number,
  ): void;
  /** Time passes without packets (idle listener): expire flows, close Flow Log windows. */
  tick(nowUs: number): void;
  /** End of input: flush every flow, stream and window. */
  finish(): void;
  /**
   * Output produced since the last call, as a structured-cloneable value (it crosses postMessage). The transport
   * does not look inside; the main thread's merger does.
   */
  drainOutput(): unknown;
  /**
   * Optional: take a new configuration (rule reload) without losing flow state. It runs between two packets, in
   * the packet stream's order. On any error the sink keeps what it had and answers ok:false with a one-line error.
   */
  reload?(config: unknown): SinkReloadResult;
}

export interface SinkReloadResult {
  ok: boolean;
  /** One line, when ok is false. */
  error?: string;
  /** Rules now loaded, when the sink has rules. */
  loaded?: number;
}

/** Builds a sink inside a worker (or the main thread) from a structured-cloneable configuration. */
export type PacketSinkFactory = (config: unknown, workerIndex: number, workerCount: number) => PacketSink;
