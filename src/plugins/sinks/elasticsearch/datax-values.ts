/**
 * DataX's column conversions (writers.md §0.1; alibaba/DataX common/.../element/*Column.java) over the values the
 * Tablestore Stream reader emits: string → String column, bigint → Long, number → Double, boolean → Bool,
 * Uint8Array → Bytes, null → null (every accessor returns null). The reader never emits Date columns.
 *
 * A conversion DataX refuses throws {@link ConversionError}, whose message names the kinds involved and never the
 * value, so it can go into dirty-record samples and logs.
 */
import type { LineValue } from '../../types';

/** A value DataX cannot convert (DataX `Common-01` CONVERT_NOT_SUPPORT); the message is data-free. */
export class ConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversionError';
  }
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const utf8 = new TextDecoder('utf-8');

/** DataX's name for the column kind of a value, for messages. */
export function kindOf(value: LineValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'bigint') return 'Long';
  if (typeof value === 'number') return 'Double';
  if (typeof value === 'boolean') return 'Bool';
  return 'Bytes';
}

/**
 * Java's `new BigDecimal(Double.toString(d)).toPlainString()`, which is what a DataX Double column holds as text:
 * `1.0` stays `1.0`, `1.0E10` becomes `10000000000`, `1.0E-5` becomes `0.000010`. JavaScript's shortest
 * round-trip digits equal Java's (JDK 19+; older JDKs occasionally printed one digit more).
 */
export function javaDoubleText(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa = '', expText = '0'] = abs.toExponential().split('e');
  const [intDigit = '', frac = ''] = mantissa.split('.');
  const fraction = frac === '' ? '0' : frac;
  const unscaled = (intDigit + fraction).replace(/^0+(?=\d)/, '');
  const scale = fraction.length - Number(expText);
  let plain: string;
  if (scale <= 0) plain = unscaled + '0'.repeat(-scale);
  else if (unscaled.length > scale) plain = `${unscaled.slice(0, -scale)}.${unscaled.slice(-scale)}`;
  else plain = `0.${'0'.repeat(scale - unscaled.length)}${unscaled}`;
  return d < 0 ? `-${plain}` : plain;
}

/** `Column.asString()`. Never fails. */
export function asString(value: LineValue): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return javaDoubleText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return utf8.decode(value);
}

/** Java `new BigDecimal(text)`'s grammar (no surrounding blanks). */
const BIG_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The integer part of a BigDecimal literal (truncation toward zero), or undefined when `text` is not one. */
function truncateDecimal(text: string): bigint | undefined {
  const m = BIG_DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, int = '', frac = '', expText = '0'] = m;
  if (int === '' && frac === '') return undefined;
  const all = int + frac;
  const leadingZeros = all.length - all.replace(/^0+/, '').length;
  if (leadingZeros === all.length) return 0n;
  // Where the decimal point sits in `all` once the exponent is applied.
  const point = int.length + Number(expText);
  if (point <= leadingZeros) return 0n;
  // More than 20 integer digits never fits a long; stop before building a huge number ("1e999999").
  if (point - leadingZeros > 20) return sign === '-' ? LONG_MIN - 1n : LONG_MAX + 1n;
  const intDigits = point >= all.length ? all + '0'.repeat(point - all.length) : all.slice(0, point);
  const n = BigInt(intDigits);
  return sign === '-' ? -n : n;
}

function checkLong(n: bigint): bigint {
  if (n < LONG_MIN || n > LONG_MAX) throw new ConversionError('the value does not fit in a 64-bit long');
  return n;
}

/** `Column.asLong()`: strings parse as BigDecimal and truncate; doubles truncate; booleans are 1/0. */
export function asLong(value: LineValue): bigint | null {
  if (value === null) return null;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ConversionError('a NaN or infinite Double cannot become a Long');
    return checkLong(BigInt(Math.trunc(value)));
  }
  if (typeof value === 'string') {
    const n = truncateDecimal(value);
    if (n === undefined) throw new ConversionError('the String is not a number, so it cannot become a Long');
    return checkLong(n);
  }
  throw new ConversionError('a Bytes column cannot become a Long');
}

/** `Column.asDouble()`: strings parse as BigDecimal (also `NaN`, `Infinity`, `-Infinity`); Long is exact-rounded. */
export function asDouble(value: LineValue): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    if (!BIG_DECIMAL.test(value) || !/\d/.test(value)) {
      throw new ConversionError('the String is not a number, so it cannot become a Double');
    }
    return Number(value);
  }
  throw new ConversionError('a Bytes column cannot become a Double');
}

/** `Column.asBoolean()`: strings only `true`/`false` (any case); a Long is true when non-zero. */
export function asBoolean(value: LineValue): boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string') {
    const t = value.toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    throw new ConversionError('the String is neither true nor false, so it cannot become a Bool');
  }
  throw new ConversionError(`a ${kindOf(value)} column cannot become a Bool`);
}
