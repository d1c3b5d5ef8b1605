import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError(`not a port number: ${value}`);
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError(`not a positive integer: ${value}`);
  return n;
}

/** Repeatable option: each occurrence is parsed and appended. */
export function collect<T>(parse: (v: string) => T): (value: string, previous: T[]) => T[] {
  return (value, previous) => [...previous, parse(value)];
}

export function collectString(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function parseAggregationInterval(value: string): number {
  if (value !== '60' && value !== '600') throw new InvalidArgumentError(`must be 60 or 600 (seconds, as AWS allows): ${value}`);
  return Number(value);
}
