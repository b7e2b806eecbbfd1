/**
 * The CRC-8 of PlainBuffer checksums (spec 3.6): polynomial 0x07, initial 0, MSB-first, no final XOR.
 * Check value: crc8("123456789") = 0xF4.
 */

const TABLE = buildTable();

function buildTable(): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    table[i] = crc;
  }
  return table;
}

/** Feeds one byte into a running checksum. */
export function crc8Byte(crc: number, byte: number): number {
  return TABLE[(crc ^ byte) & 0xff] as number;
}

/** Feeds `bytes[start, end)` into a running checksum; multi-byte integers go in as their little-endian wire bytes. */
export function crc8Range(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = crc;
  for (let i = start; i < end; i++) c = TABLE[(c ^ (bytes[i] as number)) & 0xff] as number;
  return c;
}

/** CRC-8 of `bytes`, starting from `initial` (0 for every PlainBuffer checksum). */
export function crc8(bytes: Uint8Array, initial = 0): number {
  return crc8Range(initial, bytes);
}

/** Where a cell's checksummed parts lie in a buffer; `-1` marks an absent part. */
export interface CellChecksumParts {
  nameStart: number;
  nameEnd: number;
  /** Offset of the `vtype` byte (just after the 4-byte `vlen`). */
  valueStart: number;
  valueEnd: number;
  /** Offset of the 8 little-endian timestamp bytes. */
  timestampStart: number;
  /** The op byte. */
  op: number;
}

/**
 * Checksum of one cell (spec 3.7): name bytes, then `vtype` + payload, then the timestamp, then the op byte.
 * The timestamp is fed before the op although the op comes first on the wire.
 */
export function cellChecksum(bytes: Uint8Array, parts: CellChecksumParts): number {
  let crc = crc8Range(0, bytes, parts.nameStart, parts.nameEnd);
  if (parts.valueStart >= 0) crc = crc8Range(crc, bytes, parts.valueStart, parts.valueEnd);
  if (parts.timestampStart >= 0) crc = crc8Range(crc, bytes, parts.timestampStart, parts.timestampStart + 8);
  if (parts.op >= 0) crc = crc8Byte(crc, parts.op);
  return crc;
}
