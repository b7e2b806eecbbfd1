// Property tests: random records of every supported type encode byte-identically to a naive reference encoder
// written straight from spec §5 (BigInt varints, Buffer.concat, CRC over a concatenated buffer), and decode back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  RecordStreamWriter,
  crc32c,
  decodeRecordStream,
  type TunnelColumn,
  type TunnelValue,
} from '../../../src/maxcompute';
import { padded } from './fixtures';

const COLUMNS: TunnelColumn[] = [
  { name: 'c_bigint', type: 'bigint' },
  { name: 'c_int', type: 'int' },
  { name: 'c_smallint', type: 'smallint' },
  { name: 'c_tinyint', type: 'tinyint' },
  { name: 'c_double', type: 'double' },
  { name: 'c_float', type: 'float' },
  { name: 'c_boolean', type: 'boolean' },
  { name: 'c_string', type: 'string' },
  { name: 'c_varchar', type: 'varchar(20)' },
  { name: 'c_char', type: 'char(5)' },
  { name: 'c_json', type: 'json' },
  { name: 'c_decimal', type: 'decimal(38,18)' },
  { name: 'c_binary', type: 'binary' },
  { name: 'c_datetime', type: 'datetime' },
  { name: 'c_date', type: 'date' },
  { name: 'c_timestamp', type: 'timestamp' },
  { name: 'c_timestamp_ntz', type: 'TIMESTAMP_NTZ' },
];

const int64 = fc.oneof(
  fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  fc.constantFrom(-(1n << 63n), -(1n << 63n) + 1n, (1n << 63n) - 1n, 0n, -1n, 1n, 1n << 52n, -(1n << 52n), 1n << 53n),
  fc.bigInt({ min: -1000n, max: 1000n }),
);
const text = fc.string({ unit: 'binary', maxLength: 60 });
const decimal = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.option(fc.bigInt({ min: 0n, max: 10n ** 18n - 1n })))
  .map(([whole, frac]) => (frac === null ? `${whole}` : `${whole}.${frac}`));
const timestamp = fc.record(
  { seconds: int64, nanos: fc.integer({ min: 0, max: 999_999_999 }) },
  { noNullPrototype: true },
);
const nullable = <T extends TunnelValue>(arb: fc.Arbitrary<T>): fc.Arbitrary<TunnelValue> =>
  fc.option(arb, { freq: 4 }) as fc.Arbitrary<TunnelValue>;

const record: fc.Arbitrary<TunnelValue[]> = fc
  .tuple(
    nullable(int64),
    nullable(fc.bigInt({ min: -(1n << 31n), max: (1n << 31n) - 1n })),
    nullable(fc.bigInt({ min: -32768n, max: 32767n })),
    nullable(fc.bigInt({ min: -128n, max: 127n })),
    nullable(fc.double()),
    nullable(fc.float()),
    nullable(fc.boolean()),
    nullable(text),
    nullable(text),
    nullable(text),
    nullable(text),
    nullable(decimal),
    nullable(fc.uint8Array({ maxLength: 40 })),
    nullable(int64),
    nullable(int64),
    nullable(timestamp),
    nullable(timestamp),
  )
  .chain((values) => fc.nat(values.length).map((n) => values.slice(0, n)));

// ---- naive reference encoder, straight from §5.1–§5.4 ----

function varint(value: bigint): Buffer {
  const out: number[] = [];
  let v = value;
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Buffer.from(out);
}
const zigzag64 = (v: bigint): bigint => BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
const tag = (field: number, wireType: number): Buffer => varint(BigInt(field * 8 + wireType));
function int64le(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(v);
  return b;
}
function int32le(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v | 0);
  return b;
}

function referenceEncode(columns: readonly TunnelColumn[], records: readonly TunnelValue[][]): Buffer {
  const parts: Buffer[] = [];
  const totalCrcInput: Buffer[] = [];
  for (const values of records) {
    const crcInput: Buffer[] = [];
    values.forEach((value, i) => {
      if (value === null) return;
      const field = i + 1;
      const type = (columns[i] as TunnelColumn).type.toLowerCase();
      crcInput.push(int32le(field));
      if (typeof value === 'bigint') {
        parts.push(tag(field, 0), varint(zigzag64(value)));
        crcInput.push(int64le(value));
      } else if (typeof value === 'boolean') {
        parts.push(tag(field, 0), Buffer.from([value ? 1 : 0]));
        crcInput.push(Buffer.from([value ? 1 : 0]));
      } else if (typeof value === 'number') {
        const b = type === 'float' ? Buffer.alloc(4) : Buffer.alloc(8);
        if (type === 'float') b.writeFloatLE(value);
        else b.writeDoubleLE(value);
        parts.push(tag(field, type === 'float' ? 5 : 1), b);
        crcInput.push(b);
      } else if (typeof value === 'string' || value instanceof Uint8Array) {
        const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
        parts.push(tag(field, 2), varint(BigInt(b.length)), b);
        crcInput.push(b);
      } else {
        parts.push(tag(field, 2), varint(zigzag64(value.seconds)), varint(BigInt(value.nanos * 2)));
        crcInput.push(int64le(value.seconds), int32le(value.nanos));
      }
    });
    const recordCrc = crc32c(Buffer.concat(crcInput));
    parts.push(Buffer.from('80c0ff7f', 'hex'), varint(BigInt(recordCrc)));
    totalCrcInput.push(int32le(recordCrc));
  }
  parts.push(Buffer.from('f0ffff7f', 'hex'), varint(zigzag64(BigInt(records.length))));
  parts.push(Buffer.from('f8ffff7f', 'hex'), varint(BigInt(crc32c(Buffer.concat(totalCrcInput)))));
  return Buffer.concat(parts);
}

function encode(columns: readonly TunnelColumn[], records: readonly TunnelValue[][]): Buffer {
  const writer = new RecordStreamWriter(columns);
  for (const r of records) writer.write(r);
  assert.equal(writer.recordCount, records.length);
  return writer.finish();
}

test('random records of every type: writer bytes equal the reference encoder, and decode back unchanged', () => {
  fc.assert(
    fc.property(fc.array(record, { maxLength: 8 }), (records) => {
      const body = encode(COLUMNS, records);
      assert.equal(body.toString('hex'), referenceEncode(COLUMNS, records).toString('hex'));
      const decoded = decodeRecordStream(body, COLUMNS);
      // float columns hold float32 values (fc.float()); everything else is exact.
      assert.deepEqual(
        decoded,
        records.map((r) => padded(r, COLUMNS.length)),
      );
    }),
    { numRuns: 300 },
  );
});

test('int64 extremes on every integer-like column kind round-trip exactly', () => {
  const columns = [
    { name: 'a', type: 'bigint' },
    { name: 'b', type: 'datetime' },
    { name: 'c', type: 'date' },
    { name: 't', type: 'timestamp' },
  ];
  const extremes = [-(1n << 63n), (1n << 63n) - 1n, -(1n << 52n) - 1n, (1n << 52n) + 1n, 0n];
  const records = extremes.map((v) => [v, v, v, { seconds: v, nanos: 999_999_999 }]);
  const body = encode(columns, records);
  assert.equal(body.toString('hex'), referenceEncode(columns, records).toString('hex'));
  assert.deepEqual(decodeRecordStream(body, columns), records);
});

test('float columns carry float32: a double is rounded like Math.fround', () => {
  const columns = [{ name: 'f', type: 'float' }];
  const rows = decodeRecordStream(encode(columns, [[0.1], [1e40], [-0]]), columns);
  assert.deepEqual(rows, [[Math.fround(0.1)], [Infinity], [-0]]);
});
