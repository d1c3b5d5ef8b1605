/**
 * V8 flags the mirrorscope executable starts Node with (its shebang, `npm start`, and the benchmarks that time it).
 *
 * Every new flow brings long-lived objects (stream buffers, parsers, transactions) that a young generation of the
 * default size copies twice before promoting. A 32 MiB semi-space lets most short-lived garbage die first: on the
 * million-packet bench scavenges fell by half and the run time by 3-5 % (64 MiB was no faster and took 40 MiB
 * more). Keep in step with main.ts's shebang and package.json's start script (a test checks).
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
