/**
 * One LineValue → the value of one parquet column, by the column's kind (table in ./parquet-schema), with DataX's
 * §0.1 accessors: a String `"12"` into a long column is 12, `"abc"` is refused. A refusal throws
 * {@link ConversionError} with a data-free message; the encoder turns it into a dirty row.
 *
 * Differences from DataX's HDFS writer, on purpose: an int/tinyint/smallint value outside 32 bits is refused instead
 * of wrapping around (`intValue()`), and a Bytes value in a `binary` column is written as its bytes rather than
 * round-tripped through UTF-8 text.
 */
import { DateTime } from 'luxon';
import type { LineValue } from '../../../types';
import { asBoolean, asDouble, asLong, asString, ConversionError } from '../../elasticsearch/datax-values';
import { unscaledDecimal } from './decimal';
import type { ParquetColumn } from './parquet-schema';

/** A value hyparquet-writer accepts for the column's schema element. */
export type ParquetCell = null | string | number | bigint | boolean | Uint8Array;

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** ECMAScript's time range, in epoch milliseconds. */
const MAX_TIME_MS = 8_640_000_000_000_000n;
const MS_PER_DAY = 86_400_000;
const utf8 = new TextEncoder();

/** The calendar day of `ms` in `zone`, as days since 1970-01-01 (Java `new java.sql.Date(ms).toLocalDate()`). */
export function epochDayInZone(ms: bigint, zone: string): number {
  if (ms > MAX_TIME_MS || ms < -MAX_TIME_MS) throw new ConversionError('the Long is out of the date range');
  const local = DateTime.fromMillis(Number(ms), { zone });
  return Math.round(Date.UTC(local.year, local.month - 1, local.day) / MS_PER_DAY);
}

/** Converts a non-null value for `column`; throws {@link ConversionError} when DataX would refuse it. */
export function parquetCell(column: ParquetColumn, value: Exclude<LineValue, null>, zone: string): ParquetCell {
  switch (column.kind) {
    case 'string':
      return asString(value);
    case 'binary':
      return value instanceof Uint8Array ? value : utf8.encode(asString(value) ?? '');
    case 'int32': {
      const n = asLong(value) ?? 0n;
      if (n < INT32_MIN || n > INT32_MAX) throw new ConversionError('the value does not fit in a 32-bit int');
      return Number(n);
    }
    case 'int64':
      return asLong(value);
    case 'float': {
      const d = asDouble(value);
      return d === null ? null : Math.fround(d);
    }
    case 'double':
      return asDouble(value);
    case 'boolean':
      return asBoolean(value);
    case 'date':
      return epochDayInZone(asLong(value) ?? 0n, zone);
    case 'timestamp-millis':
      return asLong(value);
    case 'timestamp-micros': {
      const micros = (asLong(value) ?? 0n) * 1000n;
      if (micros < INT64_MIN || micros > INT64_MAX) throw new ConversionError('the Long is out of the timestamp range');
      return micros;
    }
    case 'decimal':
      return unscaledDecimal(value, column.precision ?? 10, column.scale ?? 0);
  }
}
