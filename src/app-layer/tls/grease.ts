/** RFC 8701 GREASE values (0x0a0a, 0x1a1a ... 0xfafa): clients send them to keep servers tolerant; fingerprints drop them. */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}
