/**
 * The parquet schema of an OSS parquet object: generated from `column` as DataX's HDFS writer does
 * (`generateParquetSchemaFromColumnAndType`: every field `optional`, message `m`), or read from `parquetSchema`
 * (writers.md §2.7).
 *
 * | `column` type (any case)                   | parquet field                                  | value (DataX §0.1 accessor)    |
 * |--------------------------------------------|------------------------------------------------|--------------------------------|
 * | string, varchar, char (also `varchar(n)`)  | BYTE_ARRAY (UTF8)                              | asString                       |
 * | tinyint, smallint, int                     | INT32                                          | asLong, must fit 32 bits       |
 * | bigint, long                               | INT64                                          | asLong                         |
 * | float / double                             | FLOAT / DOUBLE                                 | asDouble                       |
 * | boolean                                    | BOOLEAN                                        | asBoolean                      |
 * | binary                                     | BYTE_ARRAY                                     | Bytes as is, else UTF-8 text   |
 * | decimal, decimal(p,s), decimal(p)          | FIXED_LEN_BYTE_ARRAY (DECIMAL(p,s)), (10,2) by default | BigDecimal, HALF_UP to s |
 * | date                                       | INT32 (DATE)                                   | asLong epoch ms → day in zone  |
 * | timestamp                                  | INT64 (TIMESTAMP_MILLIS)                       | asLong epoch ms                |
 * | anything else                              | BYTE_ARRAY (DataX's default), with a warning   | as binary                      |
 *
 * Differences from DataX, by necessity or on purpose: `timestamp` is INT64 TIMESTAMP_MILLIS, not INT96 (the writer
 * library cannot write INT96, a deprecated type; DataX also drops the milliseconds); `varchar(n)`/`char(n)` are
 * UTF8 strings (DataX falls to untyped binary); `decimal(p)` means scale 0 (DataX fails on it).
 */
import type { SchemaElement } from 'hyparquet-writer';
import type { FormatProblem } from './errors';

export type ParquetKind =
  | 'string'
  | 'binary'
  | 'int32'
  | 'int64'
  | 'float'
  | 'double'
  | 'boolean'
  | 'date'
  | 'timestamp-millis'
  | 'timestamp-micros'
  | 'decimal';

/** One leaf field: how a value converts and the schema element written. */
export interface ParquetColumn {
  readonly name: string;
  readonly kind: ParquetKind;
  readonly required: boolean;
  readonly element: SchemaElement;
  /** The type as the script gave it, for messages (`long`, `decimal(12,2)`, `int64`). */
  readonly label: string;
  readonly precision?: number;
  readonly scale?: number;
}

export interface ParquetLayout {
  readonly messageName: string;
  readonly columns: readonly ParquetColumn[];
}

const DEFAULT_DECIMAL = { precision: 10, scale: 2 };
const MAX_PRECISION = 38;
const SUPPORTED_TYPES =
  'string, varchar, char, tinyint, smallint, int, bigint, long, float, double, boolean, binary, decimal(p,s), date, timestamp';

/** Bytes a two's-complement FIXED_LEN_BYTE_ARRAY needs for `precision` decimal digits (parquet-mr's rule). */
export function minBytesForPrecision(precision: number): number {
  const max = 10n ** BigInt(precision);
  let n = 1;
  while (2n ** BigInt(8 * n - 1) < max) n++;
  return n;
}

function decimalProblem(precision: number, scale: number): string | undefined {
  if (!(precision >= 1 && precision <= MAX_PRECISION)) return `decimal precision must be 1 to ${MAX_PRECISION}`;
  if (!(scale >= 0 && scale <= precision)) return 'decimal scale must be 0 to the precision';
  return undefined;
}

function element(name: string, required: boolean, rest: Omit<SchemaElement, 'name'>): SchemaElement {
  return { name, repetition_type: required ? 'REQUIRED' : 'OPTIONAL', ...rest };
}

const SIMPLE: Readonly<Record<string, { kind: ParquetKind; el: Omit<SchemaElement, 'name'> }>> = {
  string: { kind: 'string', el: { type: 'BYTE_ARRAY', converted_type: 'UTF8' } },
  varchar: { kind: 'string', el: { type: 'BYTE_ARRAY', converted_type: 'UTF8' } },
  char: { kind: 'string', el: { type: 'BYTE_ARRAY', converted_type: 'UTF8' } },
  tinyint: { kind: 'int32', el: { type: 'INT32' } },
  smallint: { kind: 'int32', el: { type: 'INT32' } },
  int: { kind: 'int32', el: { type: 'INT32' } },
  bigint: { kind: 'int64', el: { type: 'INT64' } },
  long: { kind: 'int64', el: { type: 'INT64' } },
  float: { kind: 'float', el: { type: 'FLOAT' } },
  double: { kind: 'double', el: { type: 'DOUBLE' } },
  boolean: { kind: 'boolean', el: { type: 'BOOLEAN' } },
  binary: { kind: 'binary', el: { type: 'BYTE_ARRAY' } },
  date: { kind: 'date', el: { type: 'INT32', converted_type: 'DATE' } },
  timestamp: { kind: 'timestamp-millis', el: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' } },
};

function decimalColumn(name: string, label: string, required: boolean, precision: number, scale: number) {
  const el = element(name, required, {
    type: 'FIXED_LEN_BYTE_ARRAY',
    type_length: minBytesForPrecision(precision),
    converted_type: 'DECIMAL',
    precision,
    scale,
  });
  return { name, kind: 'decimal' as const, required, element: el, label, precision, scale };
}

function checkNames(columns: readonly ParquetColumn[], key: (i: number) => string, errors: FormatProblem[]): void {
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c.name.trim() === '') errors.push({ key: key(i), message: 'a parquet column name must not be empty' });
    else if (seen.has(c.name)) {
      errors.push({ key: key(i), message: `duplicate parquet column name "${c.name}"`, hint: 'names must be unique' });
    }
    seen.add(c.name);
  });
}

/** The layout DataX generates from `column` (`[{name, type}]`), every field optional. */
export function layoutFromColumns(columns: readonly { readonly name: string; readonly type: string }[]): {
  layout: ParquetLayout | undefined;
  errors: FormatProblem[];
  warnings: FormatProblem[];
} {
  const errors: FormatProblem[] = [];
  const warnings: FormatProblem[] = [];
  if (columns.length === 0) {
    errors.push({ key: 'column', message: 'parquet needs at least one column', hint: 'list [{"name": …, "type": …}]' });
  }
  const out: ParquetColumn[] = [];
  columns.forEach(({ name, type }, i) => {
    const key = `column[${i}].type`;
    const label = type.trim();
    const t = label.toLowerCase();
    const simple = SIMPLE[t] ?? (/^(var)?char\s*\(\s*\d+\s*\)$/.test(t) ? SIMPLE.string : undefined);
    if (simple) {
      out.push({ name, kind: simple.kind, required: false, element: element(name, false, simple.el), label });
      return;
    }
    if (t.startsWith('decimal')) {
      const m = /^decimal\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(t);
      if (!m) {
        errors.push({
          key,
          message: `cannot read the decimal type "${label}"`,
          hint: 'write decimal(precision,scale)',
        });
        return;
      }
      const precision = m[1] === undefined ? DEFAULT_DECIMAL.precision : Number(m[1]);
      const scale = m[1] === undefined ? DEFAULT_DECIMAL.scale : Number(m[2] ?? 0);
      const problem = decimalProblem(precision, scale);
      if (problem) errors.push({ key, message: problem });
      else out.push(decimalColumn(name, label, false, precision, scale));
      return;
    }
    warnings.push({
      key,
      message: `unknown parquet column type "${label}" is written as untyped binary, as DataX does`,
      hint: `use one of ${SUPPORTED_TYPES}`,
    });
    out.push({ name, kind: 'binary', required: false, element: element(name, false, { type: 'BYTE_ARRAY' }), label });
  });
  checkNames(out, (i) => `column[${i}].name`, errors);
  return { layout: errors.length === 0 ? { messageName: 'm', columns: out } : undefined, errors, warnings };
}

const FIELD =
  /^(optional|required|repeated)\s+(binary|int32|int64|int96|float|double|boolean|fixed_len_byte_array\s*\(\s*(\d+)\s*\))\s+([^\s();=]+)\s*(?:\(\s*([a-z_0-9]+)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*\))?\s*(?:=\s*\d+\s*)?$/i;

/** One `parquetSchema` field line (without `;`) → a column, or a problem message. */
function parseField(line: string): ParquetColumn | string {
  const m = FIELD.exec(line);
  if (!m) return `cannot read the field "${line}"; write "optional|required <type> <name> [(<annotation>)]"`;
  const [, repetition = '', physicalText = '', fixedLength, name = '', annotationText, pText, sText] = m;
  if (repetition.toLowerCase() === 'repeated') return `repeated field "${name}" is not supported`;
  const required = repetition.toLowerCase() === 'required';
  const physical = physicalText.toLowerCase().replace(/\s*\(.*$/, '');
  const annotation = annotationText?.toUpperCase();
  const label = annotation ? `${physical} (${annotation})` : physical;
  const col = (kind: ParquetKind, el: Omit<SchemaElement, 'name'>): ParquetColumn => ({
    name,
    kind,
    required,
    element: element(name, required, el),
    label,
  });
  if (physical === 'int96') {
    return `int96 field "${name}" is not supported (deprecated, and the parquet library cannot write it); use "int64 ${name} (TIMESTAMP_MILLIS)"`;
  }
  if (annotation === 'DECIMAL') {
    if (pText === undefined) return `DECIMAL field "${name}" needs (precision,scale)`;
    const precision = Number(pText);
    const scale = Number(sText ?? 0);
    const problem = decimalProblem(precision, scale);
    if (problem) return `field "${name}": ${problem}`;
    const base = { converted_type: 'DECIMAL' as const, precision, scale };
    let el: Omit<SchemaElement, 'name'>;
    if (physical === 'int32' && precision <= 9) el = { type: 'INT32', ...base };
    else if (physical === 'int64' && precision <= 18) el = { type: 'INT64', ...base };
    else if (physical === 'binary') el = { type: 'BYTE_ARRAY', ...base };
    else if (physical === 'fixed_len_byte_array' && Number(fixedLength) >= minBytesForPrecision(precision)) {
      el = { type: 'FIXED_LEN_BYTE_ARRAY', type_length: Number(fixedLength), ...base };
    } else return `DECIMAL(${precision},${scale}) does not fit the ${physical} field "${name}"`;
    return { ...col('decimal', el), precision, scale };
  }
  if (pText !== undefined) return `annotation ${annotation ?? ''} of field "${name}" takes no parameters`;
  const key = `${physical}${annotation ? ` ${annotation}` : ''}`;
  switch (key) {
    case 'binary':
      return col('binary', { type: 'BYTE_ARRAY' });
    case 'binary UTF8':
    case 'binary STRING':
    case 'binary ENUM':
      return col('string', { type: 'BYTE_ARRAY', converted_type: annotation === 'ENUM' ? 'ENUM' : 'UTF8' });
    case 'binary JSON':
      return col('string', { type: 'BYTE_ARRAY', converted_type: 'JSON' });
    case 'int32':
      return col('int32', { type: 'INT32' });
    case 'int32 DATE':
      return col('date', { type: 'INT32', converted_type: 'DATE' });
    case 'int64':
      return col('int64', { type: 'INT64' });
    case 'int64 TIMESTAMP_MILLIS':
      return col('timestamp-millis', { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
    case 'int64 TIMESTAMP_MICROS':
      return col('timestamp-micros', { type: 'INT64', converted_type: 'TIMESTAMP_MICROS' });
    case 'float':
      return col('float', { type: 'FLOAT' });
    case 'double':
      return col('double', { type: 'DOUBLE' });
    case 'boolean':
      return col('boolean', { type: 'BOOLEAN' });
    default:
      return `field "${name}": ${label} is not supported; use binary (UTF8), int32 [(DATE)], int64 [(TIMESTAMP_MILLIS)], float, double, boolean or a DECIMAL(p,s)`;
  }
}

/**
 * Reads a Hive/parquet-mr style `parquetSchema`, the simple flat form only:
 * `message m { optional int64 id; required binary name (UTF8); optional fixed_len_byte_array(5) d (DECIMAL(10,2)); }`.
 * Groups, `repeated` fields and INT96 are refused with a message saying so.
 */
export function layoutFromParquetSchema(text: string): { layout: ParquetLayout | undefined; errors: FormatProblem[] } {
  const errors: FormatProblem[] = [];
  const hint = 'e.g. "message m { optional int64 id; optional binary name (UTF8); }"';
  const m = /^\s*message\s+([^\s{]+)\s*\{([\s\S]*)\}\s*;?\s*$/i.exec(text);
  if (!m) return { layout: undefined, errors: [{ key: 'parquetSchema', message: 'is not a "message" schema', hint }] };
  const [, messageName = 'm', body = ''] = m;
  if (/[{}]/.test(body)) {
    return { layout: undefined, errors: [{ key: 'parquetSchema', message: 'nested groups are not supported', hint }] };
  }
  const columns: ParquetColumn[] = [];
  for (const raw of body.split(';')) {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (line === '') continue;
    const parsed = parseField(line);
    if (typeof parsed === 'string') errors.push({ key: 'parquetSchema', message: parsed, hint });
    else columns.push(parsed);
  }
  if (columns.length === 0 && errors.length === 0) {
    errors.push({ key: 'parquetSchema', message: 'declares no field', hint });
  }
  checkNames(columns, () => 'parquetSchema', errors);
  return { layout: errors.length === 0 ? { messageName, columns } : undefined, errors };
}
