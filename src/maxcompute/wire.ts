/** Magic field numbers of the record stream (spec §5.2) and the value ranges the codec enforces. */

/** TUNNEL_END_RECORD (2^25 − 1024): ends a record, followed by uint32(record CRC). Tag bytes `80 c0 ff 7f`. */
export const END_RECORD_FIELD = 33553408;
/** TUNNEL_META_COUNT (2^25 − 2): followed by sint64(record count). Tag bytes `f0 ff ff 7f`. */
export const META_COUNT_FIELD = 33554430;
/** TUNNEL_META_CHECKSUM (2^25 − 1): followed by uint32(total CRC). Tag bytes `f8 ff ff 7f`. */
export const META_CHECKSUM_FIELD = 33554431;

export const END_RECORD_TAG = END_RECORD_FIELD * 8;
export const META_COUNT_TAG = META_COUNT_FIELD * 8;
export const META_CHECKSUM_TAG = META_CHECKSUM_FIELD * 8;

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;
/** Integers in ±2^52 take the Number fast path: their zig-zag value stays below 2^53. */
export const FAST_MIN = -(1n << 52n);
export const FAST_MAX = 1n << 52n;
export const TWO_POW_32 = 4294967296;
export const MAX_NANOS = 999_999_999;

/** Inclusive ranges of the narrow integer types, by ValueClass order Int32, Int16, Int8. */
export const INT_RANGES: Readonly<Record<'int' | 'smallint' | 'tinyint', readonly [bigint, bigint]>> = {
  int: [-(1n << 31n), (1n << 31n) - 1n],
  smallint: [-(1n << 15n), (1n << 15n) - 1n],
  tinyint: [-(1n << 7n), (1n << 7n) - 1n],
};

/** Decimal text as java `toPlainString()` or Python `str(Decimal)` writes it (exponent form accepted). */
export const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
