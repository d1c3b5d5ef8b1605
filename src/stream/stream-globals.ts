import { StreamCounters } from './stream-counters.js';
import { StreamMemcap } from './stream-memcap.js';

/** State shared by all streams of one worker: the memcap and the summed counters. */
export class StreamGlobals {
  readonly counters = new StreamCounters();
  readonly memcap: StreamMemcap;

  constructor(memcapBytes: number = 64 * 1024 * 1024) {
    this.memcap = new StreamMemcap(memcapBytes);
  }
}
