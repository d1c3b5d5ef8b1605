export {
  SEQ_MODULUS,
  seqAdd,
  seqDiff,
  seqGeq,
  seqGt,
  seqInRange,
  seqLeq,
  seqLt,
  seqMax,
  seqMin,
} from './tcp-sequence.js';
export { StreamMemcap } from './stream-memcap.js';
export { StreamCounters } from './stream-counters.js';
export { StreamGlobals } from './stream-globals.js';
export { StreamEvent, STREAM_EVENT_NAMES, streamEventNames } from './stream-events.js';
export { InspectWindow } from './inspect-window.js';
export { InsertResult, StreamBuffer } from './stream-buffer.js';
export type { StreamBufferLimits } from './stream-buffer.js';
export { TcpFlag, TcpStream, resolveTcpStreamOptions } from './tcp-reassembler.js';
export type { ResolvedTcpStreamOptions, TcpStreamOptions } from './tcp-reassembler.js';
export { DefragCounters, DefragEvent, DefragStatus, IpDefrag } from './ip-defrag.js';
export type { DefragOptions } from './ip-defrag.js';
