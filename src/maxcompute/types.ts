/**
 * MaxCompute column types as the Tunnel sees them (spec §7.1) and how each is carried in a record stream (§5.3).
 */
import { UnsupportedTypeError } from './errors';
import { INT64_MAX, INT64_MIN, INT_RANGES } from './wire';

/**
 * A column as a tunnel session's schema gives it: lower-case type string, e.g. 'bigint', 'string', 'decimal(10,2)',
 * 'varchar(20)', 'datetime', 'timestamp'.
 */
export interface TunnelColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable?: boolean;
}

/**
 * One value on the wire, by column type:
 * bigint/int/smallint/tinyint → bigint; double/float → number; boolean → boolean;
 * string/varchar(n)/char(n)/json/decimal(p,s) → string (decimal as plain text); binary → Uint8Array;
 * datetime → bigint (epoch ms); date → bigint (days since epoch); timestamp/timestamp_ntz → { seconds; nanos };
 * null → field omitted. Complex types (array/map/struct) and intervals are not supported.
 */
export type TunnelValue =
  null | bigint | number | boolean | string | Uint8Array | { readonly seconds: bigint; readonly nanos: number };

/** How a column's value is encoded after its tag (§5.3). */
export type WireKind = 'sint64' | 'bool' | 'double' | 'float' | 'bytes' | 'timestamp';

/** Protobuf wire type of the tag in front of a value of this kind. */
export const WIRE_TYPE: Readonly<Record<WireKind, number>> = {
  sint64: 0,
  bool: 0,
  double: 1,
  float: 5,
  bytes: 2,
  timestamp: 2,
};

/** Splits a type name: 'DECIMAL(10, 2)' → { base: 'decimal', args: [10, 2] }; 'array<bigint>' → base 'array'. */
export function parseTypeName(type: string): { base: string; args: number[] } {
  const text = type.trim().toLowerCase();
  const simple = /^([a-z_][a-z0-9_]*)\s*(?:\(\s*(\d+(?:\s*,\s*\d+)*)\s*\))?$/.exec(text);
  if (simple) {
    const args = simple[2] === undefined ? [] : simple[2].split(',').map((a) => Number(a.trim()));
    return { base: simple[1] as string, args };
  }
  const complex = /^([a-z_][a-z0-9_]*)\s*</.exec(text);
  if (complex && text.endsWith('>')) return { base: complex[1] as string, args: [] };
  throw new UnsupportedTypeError(type, 'is not a valid type name');
}

/**
 * The value class of a column, finer than {@link WireKind}: what JS type it takes and which checks apply.
 * Internal to the record stream codec.
 */
export enum ValueClass {
  Int64,
  Int32,
  Int16,
  Int8,
  Bool,
  Double,
  Float,
  Text,
  Decimal,
  Binary,
  Timestamp,
}

interface TypeInfo {
  readonly cls: ValueClass;
  readonly kind: WireKind;
  /** Allowed argument counts. */
  readonly args: readonly number[];
}

const TYPES: ReadonlyMap<string, TypeInfo> = new Map<string, TypeInfo>([
  ['bigint', { cls: ValueClass.Int64, kind: 'sint64', args: [0] }],
  ['int', { cls: ValueClass.Int32, kind: 'sint64', args: [0] }],
  ['smallint', { cls: ValueClass.Int16, kind: 'sint64', args: [0] }],
  ['tinyint', { cls: ValueClass.Int8, kind: 'sint64', args: [0] }],
  ['datetime', { cls: ValueClass.Int64, kind: 'sint64', args: [0] }],
  ['date', { cls: ValueClass.Int64, kind: 'sint64', args: [0] }],
  ['boolean', { cls: ValueClass.Bool, kind: 'bool', args: [0] }],
  ['double', { cls: ValueClass.Double, kind: 'double', args: [0] }],
  ['float', { cls: ValueClass.Float, kind: 'float', args: [0] }],
  ['string', { cls: ValueClass.Text, kind: 'bytes', args: [0] }],
  ['json', { cls: ValueClass.Text, kind: 'bytes', args: [0] }],
  ['varchar', { cls: ValueClass.Text, kind: 'bytes', args: [1] }],
  ['char', { cls: ValueClass.Text, kind: 'bytes', args: [1] }],
  ['decimal', { cls: ValueClass.Decimal, kind: 'bytes', args: [0, 1, 2] }],
  ['binary', { cls: ValueClass.Binary, kind: 'bytes', args: [0] }],
  ['timestamp', { cls: ValueClass.Timestamp, kind: 'timestamp', args: [0] }],
  ['timestamp_ntz', { cls: ValueClass.Timestamp, kind: 'timestamp', args: [0] }],
]);

/** Type info of a column type string; throws {@link UnsupportedTypeError} for complex, interval or unknown types. */
export function typeInfoOf(type: string): TypeInfo {
  const { base, args } = parseTypeName(type);
  const info = TYPES.get(base);
  if (!info) throw new UnsupportedTypeError(type);
  if (!info.args.includes(args.length)) throw new UnsupportedTypeError(type, 'has the wrong number of arguments');
  return info;
}

/** How values of a column type are encoded; throws {@link UnsupportedTypeError} for complex/interval/unknown types. */
export function wireKindOf(type: string): WireKind {
  return typeInfoOf(type).kind;
}

/** What the record codec needs to know about one column. Internal. */
export interface ColumnPlan {
  readonly name: string;
  readonly type: string;
  readonly cls: ValueClass;
  /** Protobuf wire type of the column's tags. */
  readonly wireType: number;
  /** Inclusive range of integer classes. */
  readonly min: bigint;
  readonly max: bigint;
}

/** Plans every column of a schema; throws {@link UnsupportedTypeError} for the first unsupported one. */
export function planColumns(columns: readonly TunnelColumn[]): ColumnPlan[] {
  return columns.map((column) => {
    const info = typeInfoOf(column.type);
    const range =
      info.cls === ValueClass.Int32
        ? INT_RANGES.int
        : info.cls === ValueClass.Int16
          ? INT_RANGES.smallint
          : info.cls === ValueClass.Int8
            ? INT_RANGES.tinyint
            : ([INT64_MIN, INT64_MAX] as const);
    return {
      name: column.name,
      type: column.type,
      cls: info.cls,
      wireType: WIRE_TYPE[info.kind],
      min: range[0],
      max: range[1],
    };
  });
}
