// Property tests: PlainBuffer encoding is lossless and exact for every legal row, and no single-byte corruption
// goes unnoticed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  AUTO_INCREMENT,
  decodeRow,
  decodeRows,
  decodeValueBytes,
  encodeRow,
  encodeRows,
  encodeValueBytes,
  INF_MAX,
  INF_MIN,
  PlainBufferError,
  type AttributeCell,
  type PlainBufferRow,
  type PrimaryKeyColumn,
} from '../../../src/tablestore';

const int64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
// Full Unicode, including characters whose UTF-8 length differs from their UTF-16 length.
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
// Decoded binaries are Buffers, so generate Buffers to compare like with like.
const binary = fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes));

// Decoded rows are plain objects; fast-check's records default to null prototypes, which deepEqual tells apart.
const NO_NULL_PROTO = { noNullPrototype: true } as const;

const primaryKeyColumn: fc.Arbitrary<PrimaryKeyColumn> = fc.record(
  { name: text, value: fc.oneof(int64, text, binary, fc.constantFrom(INF_MIN, INF_MAX, AUTO_INCREMENT)) },
  NO_NULL_PROTO,
);

const attributeValue = fc.oneof(int64, fc.double(), fc.boolean(), text, binary);

const attributeCell: fc.Arbitrary<AttributeCell> = fc.oneof(
  fc.record(
    { name: text, value: attributeValue, timestamp: int64 },
    { requiredKeys: ['name', 'value'], noNullPrototype: true },
  ),
  fc.record({ name: text, operation: fc.constant('DELETE_ONE_VERSION' as const), timestamp: int64 }, NO_NULL_PROTO),
  fc.record({ name: text, operation: fc.constant('DELETE_ALL_VERSION' as const) }, NO_NULL_PROTO),
  fc.record(
    { name: text, operation: fc.constant('INCREMENT' as const), value: int64, timestamp: int64 },
    { requiredKeys: ['name', 'operation', 'value'], noNullPrototype: true },
  ),
);

const row: fc.Arbitrary<PlainBufferRow> = fc.record(
  {
    primaryKey: fc.array(primaryKeyColumn, { maxLength: 4 }),
    attributes: fc.array(attributeCell, { maxLength: 6 }),
    deleteMarker: fc.boolean(),
    sequenceInfo: fc.record({ epoch: int32, timestamp: int64, rowIndex: int32 }, NO_NULL_PROTO),
  },
  { requiredKeys: ['primaryKey', 'attributes', 'deleteMarker'], noNullPrototype: true },
);

test('decodeRow(encodeRow(row)) returns the row', () => {
  fc.assert(
    fc.property(row, (r) => {
      assert.deepEqual(decodeRow(encodeRow(r)), r);
    }),
    { numRuns: 500 },
  );
});

test('encodeRow(decodeRow(bytes)) returns the exact bytes', () => {
  fc.assert(
    fc.property(row, (r) => {
      const bytes = encodeRow(r);
      assert.equal(encodeRow(decodeRow(bytes)).toString('hex'), bytes.toString('hex'));
    }),
    { numRuns: 300 },
  );
});

test('several rows share one header and decode in order', () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
      const bytes = encodeRows(rows);
      assert.equal(bytes.length === 0, rows.length === 0);
      assert.deepEqual(decodeRows(bytes), rows);
    }),
    { numRuns: 200 },
  );
});

test('trailing zero padding of any length is ignored', () => {
  fc.assert(
    fc.property(row, fc.integer({ min: 1, max: 16 }), (r, padding) => {
      assert.deepEqual(decodeRow(Buffer.concat([encodeRow(r), Buffer.alloc(padding)])), r);
    }),
    { numRuns: 200 },
  );
});

test('every single-byte change is rejected or decodes to a different row', () => {
  fc.assert(
    fc.property(row, fc.nat(), fc.integer({ min: 1, max: 255 }), (r, position, delta) => {
      const bytes = encodeRow(r);
      const corrupted = Buffer.from(bytes);
      const at = position % bytes.length;
      corrupted[at] = ((corrupted[at] as number) + delta) & 0xff;
      let decoded: PlainBufferRow;
      try {
        decoded = decodeRow(corrupted);
      } catch (err) {
        assert.ok(err instanceof PlainBufferError, String(err));
        return;
      }
      // Tags, lengths and the sequence info lie outside every checksum (spec 3.7), so some changes decode; e.g. a
      // TAG_ROW_PK turned TAG_ROW_DATA moves a cell into the attributes. They must never yield the same row.
      assert.notDeepEqual(decoded, r);
    }),
    { numRuns: 3000 },
  );
});

test('every truncation is rejected', () => {
  fc.assert(
    fc.property(row, fc.nat(), (r, cut) => {
      const bytes = encodeRow(r);
      const length = cut % bytes.length;
      assert.throws(() => decodeRow(bytes.subarray(0, length)), PlainBufferError);
    }),
    { numRuns: 500 },
  );
});

test('single values round-trip through encodeValueBytes (filter column values)', () => {
  fc.assert(
    fc.property(attributeValue, (value) => {
      assert.deepEqual(decodeValueBytes(encodeValueBytes(value)), value);
    }),
  );
  assert.equal(encodeValueBytes(42n).toString('hex'), '002a00000000000000');
  assert.equal(encodeValueBytes('ab').toString('hex'), '03020000006162');
});
