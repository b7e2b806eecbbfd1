/**
 * CRC-64/XZ (a.k.a. CRC-64/GO-ECMA), the checksum OSS sends as `x-oss-hash-crc64ecma` (spec 6): the ECMA-182
 * polynomial processed reflected, register initialised to all ones and inverted at the end. The 64-bit register is
 * kept as two 32-bit halves so the per-byte loop stays in plain integer arithmetic (BigInt per byte is ~50x slower),
 * which matters because every byte written to or read from the server goes through it.
 */

/** The reflected polynomial `0xC96C5795D7870F42`, in halves. */
const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[n] = hi;
  TABLE_LO[n] = lo;
}

const MASK_64 = (1n << 64n) - 1n;

/**
 * An incremental CRC-64/XZ. Starting from a previous result continues that checksum, so
 * `new Crc64(crc('hello')).update(' world')` equals `crc('hello world')`: the cumulative value AppendObject reports.
 */
export class Crc64 {
  /** The inverted register (what the standard algorithm keeps), high and low 32 bits. */
  private hi: number;
  private lo: number;

  /** @param start a previous CRC (decimal string or bigint) to continue; @default 0 (the CRC of no bytes) */
  constructor(start: bigint | string = 0n) {
    const register = ~BigInt(start) & MASK_64;
    this.hi = Number(register >> 32n) >>> 0;
    this.lo = Number(register & 0xffffffffn) >>> 0;
  }

  update(data: Uint8Array | string): this {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < bytes.length; i++) {
      const index = (lo ^ bytes[i]!) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]!) >>> 0;
      hi = ((hi >>> 8) ^ TABLE_HI[index]!) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** The checksum so far as an unsigned 64-bit bigint. */
  value(): bigint {
    return ~((BigInt(this.hi) << 32n) | BigInt(this.lo)) & MASK_64;
  }

  /** The checksum as the decimal string OSS puts in `x-oss-hash-crc64ecma`. */
  toString(): string {
    return this.value().toString();
  }
}

/** CRC-64/XZ of `data` as a decimal string, optionally continuing from `start`. */
export function crc64(data: Uint8Array | string, start: bigint | string = 0n): string {
  return new Crc64(start).update(data).toString();
}
