/**
 * How the mirrorscope executable starts Node (its shebang, `npm start`, and the benchmarks that time it): V8 flags
 * and the C library's malloc settings. Keep in step with main.ts's shebang and package.json's start script (a test
 * checks).
 *
 * Every new flow brings long-lived objects (stream buffers, parsers, transactions) that a young generation of the
 * default size copies twice before promoting. A 32 MiB semi-space lets most short-lived garbage die first: on the
 * million-packet bench scavenges fell by half and the run time by 3-5 % (64 MiB was no faster and took 40 MiB
 * more). Starting at that size rather than growing to it (V8 starts at 1 MiB and doubles) spares the first dozen
 * scavenges, which promote objects that had too little time to die: 9 of 10 alternating pairs faster, by a median
 * 0.2 s (4 %) of wall and CPU time on the million-packet replay, start-up unchanged.
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--min-semi-space-size=32'];

/**
 * glibc's malloc hands memory back to the kernel as soon as 128 KiB is free at the top of a heap, and serves
 * blocks over 128 KiB-32 MiB (its moving threshold) with their own mmap. V8's optimizing compiler and typed-array
 * storage allocate and free such memory all the time, so the same pages were unmapped and faulted in again: 20,000
 * page faults on the million-packet bench, and a fault costs 12-14 µs on this project's VM (measured). Keeping up
 * to 64 MiB free and mapping only blocks over 4 MiB removed them. GLIBC_TUNABLES is ignored by other C libraries.
 */
export const MALLOC_TUNABLES = 'glibc.malloc.trim_threshold=67108864:glibc.malloc.mmap_threshold=4194304';

/** Environment the executable sets for itself (children spawned to run mirrorscope should get it too). */
export const NODE_ENV: Readonly<Record<string, string>> = { GLIBC_TUNABLES: MALLOC_TUNABLES };

/** The command prefix, as the shebang and `npm start` spell it: `GLIBC_TUNABLES=... node --flags`. */
export function nodeCommandPrefix(): string {
  const env = Object.entries(NODE_ENV).map(([k, v]) => `${k}=${v}`);
  return [...env, 'node', ...NODE_FLAGS].join(' ');
}
