/**
 * DataX `Column.asBigDecimal()` followed by `setScale(scale, HALF_UP)`, as the HDFS writer's parquet path writes a
 * DECIMAL (alibaba/DataX hdfswriter/.../ParquetFileSupport.java `decimalToBinary`), as an unscaled bigint.
 * A String parses with Java's BigDecimal grammar (`NaN`/`Infinity` refused), a Double through its plain decimal
 * text, a Long exactly, a Bool as 1/0; Bytes are refused. A value with more digits than the precision is refused
 * (DataX fails on it too, as a dirty record).
 */
import type { LineValue } from '../../../types';
import { ConversionError, javaDoubleText } from '../../elasticsearch/datax-values';

/** Java `new BigDecimal(text)`'s grammar (no surrounding blanks). */
const BIG_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

interface Decimal {
  /** Signed unscaled digits. */
  readonly unscaled: bigint;
  /** Digits after the point (may be negative). */
  readonly scale: number;
}

function parseDecimal(text: string): Decimal | undefined {
  const m = BIG_DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, int = '', frac = '', expText = '0'] = m;
  if (int === '' && frac === '') return undefined;
  const exp = Number(expText);
  if (!Number.isSafeInteger(exp)) return undefined;
  const digits = BigInt(int + frac);
  return { unscaled: sign === '-' ? -digits : digits, scale: frac.length - exp };
}

function toDecimal(value: Exclude<LineValue, null>): Decimal {
  if (typeof value === 'bigint') return { unscaled: value, scale: 0 };
  if (typeof value === 'boolean') return { unscaled: value ? 1n : 0n, scale: 0 };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ConversionError('a NaN or infinite Double cannot become a Decimal');
    const parsed = parseDecimal(javaDoubleText(value));
    if (!parsed) throw new ConversionError('the Double has no decimal form');
    return parsed;
  }
  if (typeof value === 'string') {
    const parsed = parseDecimal(value);
    if (!parsed) throw new ConversionError('the String is not a number, so it cannot become a Decimal');
    return parsed;
  }
  throw new ConversionError('a Bytes column cannot become a Decimal');
}

function digitCount(n: bigint): number {
  return (n < 0n ? -n : n).toString().length;
}

/** The unscaled value of `value` at `scale` digits after the point, rounded HALF_UP; at most `precision` digits. */
export function unscaledDecimal(value: Exclude<LineValue, null>, precision: number, scale: number): bigint {
  const d = toDecimal(value);
  const tooBig = () => new ConversionError(`the value does not fit decimal(${precision},${scale})`);
  if (d.unscaled === 0n) return 0n;
  let result: bigint;
  const shift = scale - d.scale;
  if (shift >= 0) {
    if (digitCount(d.unscaled) + shift > precision) throw tooBig();
    result = d.unscaled * 10n ** BigInt(shift);
  } else {
    const drop = -shift;
    // Fewer digits than dropped, minus one: the magnitude is below half a unit, so it rounds to zero.
    if (drop > digitCount(d.unscaled) + 1) return 0n;
    const divisor = 10n ** BigInt(drop);
    const negative = d.unscaled < 0n;
    const magnitude = negative ? -d.unscaled : d.unscaled;
    let q = magnitude / divisor;
    if ((magnitude % divisor) * 2n >= divisor) q += 1n;
    result = negative ? -q : q;
  }
  if (result !== 0n && digitCount(result) > precision) throw tooBig();
  return result;
}
