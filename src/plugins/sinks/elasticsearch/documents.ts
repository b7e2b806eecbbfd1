/**
 * Turns one record (a DataX line) into an Elasticsearch document plus its addressing — `_id`, routing, parent,
 * a user `version` — exactly as DataX's ElasticSearchWriter.doBatchInsert does (writers.md §1.4–1.5).
 *
 * Column `i` of the writer's `column` list maps to value `i` of the record. Failures to convert a value (DataX
 * `Common-01`, JSON parse errors, date parse errors) make the record dirty: {@link buildDocument} returns a
 * data-free message instead of throwing. Configuration problems (a splitter or date pattern otsync cannot
 * translate, a record whose column count differs from `column`) throw {@link ElasticsearchConfigError}.
 *
 * Deliberate differences from DataX, each safer: a null `date` value with a `format` stays null (DataX hands null
 * to Joda, which throws, making the record dirty — unconfirmed at run time); `combineFields` naming an unknown
 * column fails at construction (DataX marks every record dirty); non-finite doubles are written as null.
 */
import type { LineValue, SourceRecord } from '../../types';
import { asBoolean, asDouble, asLong, asString, ConversionError } from './datax-values';
import { ElasticsearchConfigError } from './errors';
import { javaSplit, translateJavaRegex } from './java-regex';
import { compileDateParser } from './joda-format';
import { JsonSyntaxError, parseJsonLossless, type JsonValue } from './json';
import { VIRTUAL_TYPES } from './mapping';
import type { CompiledElasticsearchConfig, EsColumn } from './schema';

/** A record turned into a document. */
export interface BuiltDocument {
  /** `_id` (the `combineFields` id when configured), or null for an id Elasticsearch generates. */
  readonly id: string | null;
  /** The `_id` DataX uses for `deleteBy` deletes: primaryKeyInfo or the id columns, never `combineFields`. */
  readonly deleteId: string | null;
  readonly routing: string | null;
  readonly parent: string | null;
  /** The value of `version` columns (DataX sends it with `version_type: external` for `index`). */
  readonly version: string | null;
  /** Fields in column order; `undefined` marks a null left out because `enableWriteNull` is false. */
  readonly fields: Record<string, JsonValue | undefined>;
  /** Whether a `deleteBy` condition matches the record. */
  readonly deleteBy: boolean;
}

/** What {@link DocumentBuilder.build} returns. */
export type BuildOutcome =
  { readonly ok: true; readonly doc: BuiltDocument } | { readonly ok: false; readonly message: string };

/** Options of the builder. */
export interface DocumentBuilderOptions {
  /** Zone for `date` columns without their own `timezone` (DataX: the JVM's). @default "Asia/Shanghai" */
  readonly timeZone?: string;
}

const SKIP = Symbol('skip column');
const INT_MAX = 2n ** 31n - 1n;
const LONG_MAX = 2n ** 63n - 1n;
const JAVA_INTEGER = /^[+-]?\d+$/;
const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

/** Java `Integer.valueOf` / `Long.valueOf` of a trimmed piece. */
function javaInteger(text: string, max: bigint): bigint {
  if (!JAVA_INTEGER.test(text)) throw new ConversionError('an array element is not an integer');
  const n = BigInt(text);
  if (n > max || n < -max - 1n) throw new ConversionError('an array element is out of range');
  return n;
}

/** Java `Double.valueOf` of a trimmed piece (hexadecimal literals are not accepted: unconfirmed if ever used). */
function javaDouble(text: string): number {
  if (!JAVA_DOUBLE.test(text)) throw new ConversionError('an array element is not a number');
  return Number(text.replace(/[fFdD]$/, ''));
}

function parseJson(text: string): JsonValue {
  try {
    return parseJsonLossless(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new ConversionError(`the String is not valid JSON (${e.message})`);
    throw e;
  }
}

/** Java's `a += b` on a possibly-null String: null + "x" is never reached (first value assigns), "x" + null is "xnull". */
const concatJava = (acc: string | null, value: string | null): string | null =>
  acc === null ? value : acc + (value ?? 'null');

interface ColumnPlan {
  readonly column: EsColumn;
  readonly index: number;
  readonly combined: boolean;
  readonly parseDate: ((text: string) => string) | undefined;
}

/** Builds documents for one writer configuration. */
export class DocumentBuilder {
  readonly #config: CompiledElasticsearchConfig;
  readonly #plans: readonly ColumnPlan[];
  readonly #splitter: RegExp;
  readonly #combined: { readonly column: EsColumn; readonly indexes: readonly number[] } | undefined;
  readonly #pkIndexes: readonly number[] | undefined;
  readonly #routingIndexes: readonly number[] | undefined;
  /** Names of document fields, in column order (what a full document holds). */
  readonly fieldNames: readonly string[];

  /** @throws ElasticsearchConfigError for a splitter, date pattern or time zone otsync cannot use. */
  constructor(config: CompiledElasticsearchConfig, options: DocumentBuilderOptions = {}) {
    this.#config = config;
    this.#splitter = translateJavaRegex(config.splitter, 'splitter');
    const indexOf = (name: string, parameter: string): number => {
      const found = config.columns.flatMap((c, i) => (c.name === name ? [i] : []));
      if (found.length !== 1) {
        throw new ElasticsearchConfigError(
          parameter,
          found.length === 0 ? `"${name}" is not a column name` : `"${name}" names ${found.length} columns`,
        );
      }
      return found[0] as number;
    };
    // DataX: the last `id` column with combineFields is the combined id.
    const combinedColumn = [...config.columns]
      .reverse()
      .find((c) => c.type === 'id' && c.combineFields && c.combineFields.length > 0);
    this.#combined = combinedColumn && {
      column: combinedColumn,
      indexes: (combinedColumn.combineFields ?? []).map((n) =>
        indexOf(n, `column.${combinedColumn.name}.combineFields`),
      ),
    };
    const combinedNames = new Set(combinedColumn?.combineFields ?? []);
    const zone = options.timeZone ?? 'Asia/Shanghai';
    this.#plans = config.columns.map((column, index) => ({
      column,
      index,
      combined: combinedNames.has(column.name),
      parseDate:
        column.type === 'date' && !column.origin && column.format !== undefined
          ? compileDateParser(column.format, column.timezone ?? zone, `column[${index}]`)
          : undefined,
    }));
    const pk = config.primaryKeyInfo?.columns ?? [];
    this.#pkIndexes = pk.length > 0 ? pk.map((n) => indexOf(n, 'primaryKeyInfo.column')) : undefined;
    this.#routingIndexes =
      config.esPartitionColumn.length > 0
        ? config.esPartitionColumn.map((n) => indexOf(n, 'esPartitionColumn'))
        : undefined;
    this.fieldNames = this.#plans
      .filter((p) => !p.combined && !VIRTUAL_TYPES.has(p.column.type))
      .map((p) => p.column.name);
  }

  /** Whether documents get an `_id` from the configuration at all (else Elasticsearch generates ids). */
  get hasIdSource(): boolean {
    return (
      this.#pkIndexes !== undefined || this.#combined !== undefined || this.#config.columns.some((c) => c.type === 'id')
    );
  }

  /** Checks the record's column count like DataX (`ESWriter-00`). @throws ElasticsearchConfigError */
  checkColumnCount(record: SourceRecord): void {
    const n = this.#config.columns.length;
    const m = record.columns.length;
    if (this.#config.enableRedundantColumn ? m < n : m !== n) {
      throw new ElasticsearchConfigError(
        'column',
        `records have ${m} columns but the writer lists ${n} (DataX ESWriter-00)`,
        {
          hint:
            m > n
              ? 'list the same columns as the reader, or set "enableRedundantColumn": true'
              : 'list the same columns as the reader, in the same order',
        },
      );
    }
  }

  /**
   * Builds the document of `record`. With `only`, fields are built only for columns whose entry is true (a
   * partial update's touched columns); `_id`, routing, parent and version are always computed.
   * @throws ElasticsearchConfigError when the column count is wrong.
   */
  build(record: SourceRecord, only?: readonly boolean[]): BuildOutcome {
    this.checkColumnCount(record);
    const cfg = this.#config;
    const values = record.columns;
    const fields: Record<string, JsonValue | undefined> = {};
    let id: string | null = null;
    let parent: string | null = null;
    let routing: string | null = null;
    let version: string | null = null;
    let current = '';
    try {
      for (const plan of this.#plans) {
        const { column } = plan;
        const value: LineValue = values[plan.index] ?? null;
        current = column.name;
        if (plan.combined) continue;
        const virtual = VIRTUAL_TYPES.has(column.type);
        if (only && !virtual && !only[plan.index]) continue;
        if (virtual) {
          const s = asString(value);
          if (column.type === 'id') id = concatJava(id, s);
          else if (column.type === 'parent') parent = concatJava(parent, s);
          else if (column.type === 'routing') routing = concatJava(routing, s);
          else version = concatJava(version, s);
          continue;
        }
        const out = this.#convert(plan, value);
        if (out === SKIP) continue;
        fields[column.name] = out === null && !cfg.enableWriteNull ? undefined : out;
      }
      if (this.#pkIndexes) {
        // Apache Commons StringUtils.join: a null joins as "".
        id = this.#pkIndexes
          .map((i) => asString(values[i] ?? null) ?? '')
          .join(cfg.primaryKeyInfo?.fieldDelimiter ?? '');
      }
      if (this.#routingIndexes) routing = this.#routingIndexes.map((i) => asString(values[i] ?? null) ?? '').join('');
      const deleteId = id;
      const deleteBy = this.#matchesDeleteBy(values);
      if (this.#combined) {
        current = this.#combined.column.name;
        const parts = this.#combined.indexes.map((i) => asString(values[i] ?? null));
        if (parts.some((p) => p === null)) {
          // Guava's Joiner refuses nulls: DataX makes the record dirty, unless deleteBy matched first.
          if (!deleteBy) throw new ConversionError('a combineFields value is null');
          id = null;
        } else id = parts.join(this.#combined.column.combineFieldsValueSeparator);
      }
      return { ok: true, doc: { id, deleteId, routing, parent, version, fields, deleteBy } };
    } catch (e) {
      if (e instanceof ConversionError)
        return { ok: false, message: `parse error for column: ${current}: ${e.message}` };
      throw e;
    }
  }

  /** A full document made of `fields` with every other field null (or left out without `enableWriteNull`). */
  fullDocument(fields: Readonly<Record<string, JsonValue | undefined>>): Record<string, JsonValue | undefined> {
    const doc: Record<string, JsonValue | undefined> = {};
    const empty = this.#config.enableWriteNull ? null : undefined;
    for (const name of this.fieldNames) doc[name] = name in fields ? fields[name] : empty;
    return doc;
  }

  #convert(plan: ColumnPlan, value: LineValue): JsonValue | typeof SKIP {
    const { column } = plan;
    const type = column.jsonArray ? 'nested' : column.type;
    if (column.array) {
      const text = asString(value);
      if (text !== null) return this.#splitArray(type, column.dstArray, text);
    }
    switch (type) {
      case 'date':
        if (column.origin || !plan.parseDate) return asString(value);
        {
          const text = asString(value);
          return text === null ? null : plan.parseDate(text);
        }
      case 'string':
      case 'text':
      case 'keyword':
      case 'ip':
      case 'ip_range':
      case 'geo_point':
      case 'byte':
      case 'binary':
        return asString(value);
      case 'boolean':
        return asBoolean(value);
      case 'long':
      case 'integer':
      case 'short':
        return asLong(value);
      case 'float':
      case 'double': {
        const d = asDouble(value);
        return d === null || Number.isFinite(d) ? d : null;
      }
      case 'geo_shape':
      case 'integer_range':
      case 'float_range':
      case 'long_range':
      case 'double_range':
      case 'date_range':
      case 'object':
      case 'nested': {
        const text = asString(value);
        return text === null ? null : parseJson(text);
      }
      default:
        // completion and token_count: the schema refuses them; DataX marks every such record dirty.
        throw new ConversionError(`type ${type} cannot be written`);
    }
  }

  /** `array: true` (writers.md §1.4); a `dstArray` conversion failure skips this column only, as DataX does. */
  #splitArray(type: string, dstArray: boolean, text: string): JsonValue | typeof SKIP {
    const pieces = javaSplit(text, this.#splitter);
    if (!dstArray || type === 'date') return pieces;
    const blank = text.trim() === '';
    const each = (convert: (piece: string) => JsonValue): JsonValue => {
      if (blank) return null;
      return pieces.map((p) => {
        const t = p.trim();
        return t === '' ? null : convert(t);
      });
    };
    try {
      switch (type) {
        case 'short':
        case 'integer':
          return each((t) => javaInteger(t, INT_MAX));
        case 'long':
          return each((t) => javaInteger(t, LONG_MAX));
        case 'float':
        case 'double':
          return each((t) => {
            const d = javaDouble(t);
            return Number.isFinite(d) ? d : null;
          });
        default:
          return pieces;
      }
    } catch (e) {
      if (e instanceof ConversionError) return SKIP;
      throw e;
    }
  }

  /** DataX isDeleteRecord: any condition object whose every key matches the column's `asString()`. */
  #matchesDeleteBy(values: readonly LineValue[]): boolean {
    const conditions = this.#config.deleteBy;
    if (conditions.length === 0) return false;
    const kv = new Map<string, string | null>();
    this.#config.columns.forEach((c, i) => kv.set(c.name, asString(values[i] ?? null)));
    const text = (v: unknown): string | undefined =>
      v === null || v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v as string);
    return conditions.some((cond) =>
      Object.entries(cond).every(([key, expected]) => {
        const actual = kv.get(key) ?? null;
        if (Array.isArray(expected)) return expected.some((e) => text(e) !== undefined && text(e) === actual);
        return actual !== null && text(expected) === actual;
      }),
    );
  }
}
