import type { Command } from 'commander';

/** `mirrorscope decode-protobuf FILE`: the events of a --protobuf file as EVE-shaped JSON lines on stdout. */
export function registerDecodeProtobuf(program: Command): void {
  program
    .command('decode-protobuf')
    .description('print a --protobuf file (length-delimited mirrorscope.Event) as JSON lines')
    .argument('<file>', 'a file written with --protobuf')
    .action(async (file: string) => {
      // The decoder (and protobufjs with it) is loaded only when this command runs.
      const { decodeProtobufFileToJsonLines } = await import('../output/protobuf/decode-protobuf-file.js');
      await decodeProtobufFileToJsonLines(file, process.stdout);
    });
}
