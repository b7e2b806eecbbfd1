/**
 * CRC-32C (Castagnoli) of the record stream checksums (spec §5.4): reflected polynomial 0x82F63B78, init and
 * xorout 0xFFFFFFFF. Check value: crc32c("123456789") = 0xE3069283. Table-driven, slicing-by-8.
 *
 * The `crc32cUpdate*` functions work on the raw register (start with {@link CRC32C_INIT}, finish with
 * {@link crc32cFinal}); they are what the record codec uses on its hot path.
 */

const POLY = 0x82f63b78;

/** 8 × 256 entries: table k gives the CRC of a byte followed by k zero bytes. */
const T = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[i] = c;
  }
  for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
      const prev = t[(k - 1) * 256 + i] as number;
      t[k * 256 + i] = (prev >>> 8) ^ (t[prev & 0xff] as number);
    }
  }
  return t;
}

/** The register value before any byte. */
export const CRC32C_INIT = -1;

/** Feeds `data[start, end)` into the register `crc`. */
export function crc32cUpdate(crc: number, data: Uint8Array, start = 0, end = data.length): number {
  let c = crc;
  let i = start;
  while (end - i >= 8) {
    const a =
      c ^
      ((data[i] as number) |
        ((data[i + 1] as number) << 8) |
        ((data[i + 2] as number) << 16) |
        ((data[i + 3] as number) << 24));
    c =
      (T[1792 + (a & 0xff)] as number) ^
      (T[1536 + ((a >>> 8) & 0xff)] as number) ^
      (T[1280 + ((a >>> 16) & 0xff)] as number) ^
      (T[1024 + (a >>> 24)] as number) ^
      (T[768 + (data[i + 4] as number)] as number) ^
      (T[512 + (data[i + 5] as number)] as number) ^
      (T[256 + (data[i + 6] as number)] as number) ^
      (T[data[i + 7] as number] as number);
    i += 8;
  }
  for (; i < end; i++) c = (T[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return c;
}

/** Feeds one byte. */
export function crc32cUpdateByte(crc: number, byte: number): number {
  return (T[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
}

/** Feeds the 4 little-endian bytes of a 32-bit integer (signed or unsigned; the low 32 bits count). */
export function crc32cUpdateInt32(crc: number, value: number): number {
  const a = crc ^ value;
  return (
    (T[768 + (a & 0xff)] as number) ^
    (T[512 + ((a >>> 8) & 0xff)] as number) ^
    (T[256 + ((a >>> 16) & 0xff)] as number) ^
    (T[a >>> 24] as number)
  );
}

/** The checksum (unsigned 32-bit) of a register. */
export function crc32cFinal(crc: number): number {
  return ~crc >>> 0;
}

/**
 * CRC-32C of `data`. `seed` is an earlier result to continue from, so `crc32c(b, crc32c(a))` equals the CRC of
 * `a` followed by `b`.
 */
export function crc32c(data: Uint8Array, seed = 0): number {
  return crc32cFinal(crc32cUpdate(~seed, data));
}

/** Incremental CRC-32C. Reading {@link Crc32c.value} does not reset the state. */
export class Crc32c {
  private crc = CRC32C_INIT;

  update(data: Uint8Array, start = 0, end = data.length): this {
    this.crc = crc32cUpdate(this.crc, data, start, end);
    return this;
  }

  /** Feeds the 4 little-endian bytes of a 32-bit integer. */
  updateInt32(value: number): this {
    this.crc = crc32cUpdateInt32(this.crc, value);
    return this;
  }

  get value(): number {
    return crc32cFinal(this.crc);
  }

  reset(): void {
    this.crc = CRC32C_INIT;
  }
}
