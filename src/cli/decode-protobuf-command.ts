import type { Command } from 'commander';
import { decodeProtobufFileToJsonLines } from '../output/protobuf/index.js';

/** `mirrorscope decode-protobuf FILE`: the events of a --protobuf file as EVE-shaped JSON lines on stdout. */
export function registerDecodeProtobuf(program: Command): void {
  program
    .command('decode-protobuf')
    .description('print a --protobuf file (length-delimited mirrorscope.Event) as JSON lines')
    .argument('<file>', 'a file written with --protobuf')
    .action(async (file: string) => {
      await decodeProtobufFileToJsonLines(file, process.stdout);
    });
}
