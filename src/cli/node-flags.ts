/**
 * V8 flags the mirrorscope executable starts Node with (its shebang, `npm start`, and the benchmarks that time it).
 *
 * Every new flow brings long-lived objects (stream buffers, parsers, transactions) that a young generation of the
 * default size copies twice before promoting. A 64 MiB semi-space lets most short-lived garbage die first: on the
 * million-packet bench it cut scavenges from 82 to 34 and the run time by 5-9 %. Keep in step with main.ts's
 * shebang and package.json's start script (a test checks).
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
