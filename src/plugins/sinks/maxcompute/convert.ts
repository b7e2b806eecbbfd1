/**
 * DataX odpswriter's conversions by destination column type (writers.md §3.6) over the values the Tablestore
 * reader emits, with one deliberate change: every narrowing is range-checked — a value that does not fit INT,
 * SMALLINT, TINYINT, FLOAT, DECIMAL(p,s) or VARCHAR(n) makes the record dirty instead of silently wrapping (DataX
 * wraps INT and SMALLINT). A failed conversion throws {@link ConversionError}; its message is data-free.
 */
import { DateTime } from 'luxon';
import { parseTypeName, type TunnelValue } from '../../../maxcompute';
import type { LineValue } from '../../types';
import { asBoolean, asDouble, asLong, asString, ConversionError } from '../elasticsearch/datax-values';
import { unscaledDecimal } from '../oss/format/decimal';

export interface ConvertOptions {
  readonly emptyAsNull: boolean;
  /** Zone for DATE values and for DataX's date strings (DataX: GMT+8 / the JVM zone). */
  readonly timeZone: string;
  readonly overLengthRule: 'keepOn' | 'truncate' | 'setNull';
  readonly maxFieldLength: number;
  readonly maxOdpsFieldLength: number;
}

/** A column's converter, built once per session schema. */
export type Converter = (value: LineValue) => TunnelValue;

const RANGES: Record<string, readonly [bigint, bigint]> = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  // −2^63 is reserved on older MaxCompute editions (maxcompute-tunnel.md §7.1): never sent.
  bigint: [-(2n ** 63n) + 1n, 2n ** 63n - 1n],
};
const MAX_FLOAT = 3.4028234663852886e38;
const DATE_FORMATS = ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd', 'HH:mm:ss', 'yyyyMMdd'];

export function converterFor(type: string, options: ConvertOptions): Converter {
  const { base, args } = parseTypeName(type);
  const integer = RANGES[base];
  if (integer) {
    return (v) => {
      const n = asLong(v);
      if (n === null) return null;
      if (n < integer[0] || n > integer[1]) throw new ConversionError(`the value is out of range for ${base}`);
      return n;
    };
  }
  switch (base) {
    case 'double':
      return (v) => asDouble(v);
    case 'float':
      return (v) => {
        const d = asDouble(v);
        if (d !== null && Number.isFinite(d) && Math.abs(d) > MAX_FLOAT)
          throw new ConversionError('the value is out of range for float');
        return d;
      };
    case 'boolean':
      return (v) => asBoolean(v);
    case 'string':
    case 'json':
    case 'varchar':
    case 'char': {
      const limit = base === 'varchar' || base === 'char' ? args[0] : undefined;
      return (v) => {
        let s = asString(v);
        if (s === null || (s === '' && options.emptyAsNull)) return null;
        if (limit !== undefined && [...s].length > limit)
          throw new ConversionError(`the text is longer than ${base}(${limit})`);
        if (limit === undefined && Buffer.byteLength(s) > options.maxOdpsFieldLength) {
          if (options.overLengthRule === 'setNull') return null;
          if (options.overLengthRule === 'truncate') s = cutUtf8(s, options.maxFieldLength - 6);
        }
        return s;
      };
    }
    case 'binary':
      return (v) => {
        if (v === null) return null;
        if (v instanceof Uint8Array) return v;
        const s = asString(v);
        if (s === null || (s === '' && options.emptyAsNull)) return null;
        return Buffer.from(s, 'utf8');
      };
    case 'decimal': {
      const precision = args[0] ?? 38;
      const scale = args[1] ?? (args.length === 0 ? 18 : 0);
      return (v) => {
        if (v === null || (v === '' && options.emptyAsNull)) return null;
        return decimalText(unscaledDecimal(v, precision, scale), scale);
      };
    }
    case 'datetime':
      return (v) => {
        const ms = epochMs(v, options.timeZone);
        return ms === null ? null : BigInt(ms);
      };
    case 'date':
      return (v) => {
        const ms = epochMs(v, options.timeZone);
        if (ms === null) return null;
        const day = DateTime.fromMillis(ms, { zone: options.timeZone }).startOf('day');
        return BigInt(Math.round(day.setZone('UTC', { keepLocalTime: true }).toMillis() / 86_400_000));
      };
    case 'timestamp':
    case 'timestamp_ntz':
      return (v) => {
        const ms = epochMs(v, options.timeZone);
        if (ms === null) return null;
        const seconds = Math.floor(ms / 1000);
        return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
      };
    default:
      throw new ConversionError(`the column type ${type} is not supported by the writer`);
  }
}

/** DataX `asDate()`: a Long is epoch milliseconds; a String is read with DataX's date formats in the zone. */
function epochMs(v: LineValue, zone: string): number | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    for (const format of DATE_FORMATS) {
      const d = DateTime.fromFormat(v, format, { zone });
      if (d.isValid) return d.toMillis();
    }
    throw new ConversionError('the String is not a date in yyyy-MM-dd HH:mm:ss, yyyy-MM-dd or HH:mm:ss');
  }
  throw new ConversionError(
    `a ${typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Bool' : 'Bytes'} column cannot become a Date`,
  );
}

function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function cutUtf8(s: string, maxBytes: number): string {
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= maxBytes) return s;
  return buf
    .subarray(0, Math.max(0, maxBytes))
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}
