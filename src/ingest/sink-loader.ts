import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MirrorscopeError } from '../errors.js';
import type { PacketSinkFactory } from '../pipeline/packet-sink.js';

/** A file URL for import(): accepts file URLs and absolute paths. */
export function sinkModuleUrl(sinkModule: string): string {
  if (sinkModule.startsWith('file:')) return sinkModule;
  if (isAbsolute(sinkModule)) return pathToFileURL(sinkModule).href;
  throw new MirrorscopeError('SINK_MODULE_NOT_ABSOLUTE', `sink module must be a file URL or an absolute path: ${sinkModule}`);
}

/** Imports a sink module and returns its createPacketSink; a MirrorscopeError when it has none. */
export async function loadSinkFactory(sinkModule: string): Promise<PacketSinkFactory> {
  const url = sinkModuleUrl(sinkModule);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new MirrorscopeError('SINK_MODULE_LOAD_FAILED', `cannot load sink module ${url}: ${describeError(error)}`);
  }
  const factory = mod['createPacketSink'];
  if (typeof factory !== 'function') {
    throw new MirrorscopeError('SINK_MODULE_NO_FACTORY', `sink module ${url} does not export createPacketSink`);
  }
  return factory as PacketSinkFactory;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
