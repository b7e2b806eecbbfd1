// Byte-level test vectors of spec 3.10 and 4.8: our encoder must produce exactly these bytes, and our decoder must
// read them (and the npm SDK's zero-padded variants) back into the same rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  crc8,
  decodeRow,
  encodePrimaryKey,
  encodeRow,
  INF_MAX,
  INF_MIN,
  type PlainBufferRow,
} from '../../../src/tablestore';

/** Hex with the spec's readability spaces and line breaks removed. */
function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

const PK_A7 = [
  { name: 'pk1', value: 'a' },
  { name: 'pk2', value: 7n },
];
const PK_PREFIX =
  '7500000001030403000000706b3105060000000301000000610a19030403000000706b3205090000000007000000000000000a82';

interface Vector {
  name: string;
  row: PlainBufferRow;
  bytes: Buffer;
  /** What the npm SDK appends (spec 3.9). */
  npmPadding?: string;
}

const vectors: Vector[] = [
  {
    name: '3.10 PutRow row with every attribute type',
    row: {
      primaryKey: PK_A7,
      attributes: [
        { name: 'c1', value: 'hello' },
        { name: 'c2', value: 42n, timestamp: 1700000000000n },
        { name: 'c3', value: 1.5 },
        { name: 'c4', value: true },
        { name: 'c5', value: Buffer.from([1, 2, 3]) },
      ],
    },
    bytes: hex(`${PK_PREFIX}
      020304020000006331050a000000030500000068656c6c6f0ae203040200000063320509000000002a00000000000000070068e5cf8b0100000a98
      0304020000006333050900000001000000000000f83f0a6c0304020000006334050200000002010a08
      0304020000006335050800000007030000000102030a980965`),
  },
  {
    name: '3.10 UpdateRow row_change with put, delete one version, delete all versions',
    row: {
      primaryKey: PK_A7,
      attributes: [
        { name: 'c1', value: 'x' },
        { name: 'c2', operation: 'DELETE_ONE_VERSION', timestamp: 1700000000000n },
        { name: 'c3', operation: 'DELETE_ALL_VERSION' },
      ],
    },
    bytes: hex(`${PK_PREFIX}
      02 03040200000063310506000000030100000078 0a5c 0304020000006332 06 03 07 0068e5cf8b010000 0aaf
      0304020000006333 06 01 0ab9 0942`),
    npmPadding: '0000000000',
  },
  {
    name: '3.10 DeleteRow primary key with delete marker',
    row: { primaryKey: PK_A7, deleteMarker: true },
    bytes: hex(`${PK_PREFIX} 08 09 03`),
  },
  {
    name: '3.10 range boundary INF_MIN / INF_MAX',
    row: {
      primaryKey: [
        { name: 'pk1', value: INF_MIN },
        { name: 'pk2', value: INF_MAX },
      ],
    },
    bytes: hex('7500000001030403000000706b310501000000090ac8030403000000706b3205010000000a0afe091e'),
    npmPadding: '0000',
  },
  {
    name: '4.8 PUT_ROW stream record with sequence info',
    row: {
      primaryKey: [{ name: 'id', value: 'u1' }],
      attributes: [{ name: 'name', value: 'bob', timestamp: 1700000000000n }],
      sequenceInfo: { epoch: 1, timestamp: 1700000000000123n, rowIndex: 0 },
    },
    bytes: hex(`75000000 01 03 04 02000000 6964 05 07000000 03 02000000 7531 0a 11
      02 03 04 04000000 6e616d65 05 08000000 03 03000000 626f62 07 0068e5cf8b010000 0a a9
      0b 18000000 0c 13000000 0d 01000000 0e 7b401e18240a0600 0f 00000000 09 6c`),
  },
  {
    name: '4.8 UPDATE_ROW stream record with put, delete one version, delete all versions',
    row: {
      primaryKey: [{ name: 'id', value: 'u1' }],
      attributes: [
        { name: 'age', value: 30n, timestamp: 1700000000001n },
        { name: 'old', operation: 'DELETE_ONE_VERSION', timestamp: 1699999999999n },
        { name: 'tmp', operation: 'DELETE_ALL_VERSION' },
      ],
      sequenceInfo: { epoch: 1, timestamp: 1700000000001456n, rowIndex: 0 },
    },
    bytes: hex(`750000000103040200000069640507000000030200000075310a11
      02 0304030000006167650509000000001e00000000000000070168e5cf8b0100000afa
      0304030000006f6c64 0603 07ff67e5cf8b010000 0a81 030403000000746d70 0601 0a9b
      0b18000000 0c13000000 0d01000000 0eb0451e18240a0600 0f00000000 09d9`),
  },
  {
    name: '4.8 DELETE_ROW stream record with delete marker',
    row: {
      primaryKey: [{ name: 'id', value: 'u1' }],
      deleteMarker: true,
      sequenceInfo: { epoch: 1, timestamp: 1700000000002789n, rowIndex: 0 },
    },
    bytes: hex(`750000000103040200000069640507000000030200000075310a11 08
      0b18000000 0c13000000 0d01000000 0ee54a1e18240a0600 0f00000000 0945`),
  },
  {
    name: '4.8 DELETE_ROW stream record without delete marker',
    row: {
      primaryKey: [{ name: 'id', value: 'u1' }],
      sequenceInfo: { epoch: 1, timestamp: 1700000000002789n, rowIndex: 0 },
    },
    bytes: hex(`750000000103040200000069640507000000030200000075310a11
      0b18000000 0c13000000 0d01000000 0ee54a1e18240a0600 0f00000000 0942`),
  },
];

/** The decoder's normal form of a row: attributes and deleteMarker always present. */
function normalized(row: PlainBufferRow): PlainBufferRow {
  return { ...row, attributes: row.attributes ?? [], deleteMarker: row.deleteMarker ?? false };
}

for (const vector of vectors) {
  test(`encoder produces the spec bytes: ${vector.name}`, () => {
    assert.equal(encodeRow(vector.row).toString('hex'), vector.bytes.toString('hex'));
  });

  test(`decoder reads the spec bytes back: ${vector.name}`, () => {
    assert.deepEqual(decodeRow(vector.bytes), normalized(vector.row));
  });

  if (vector.npmPadding !== undefined) {
    const padding = vector.npmPadding;
    test(`decoder ignores the npm SDK's zero padding: ${vector.name}`, () => {
      const padded = Buffer.concat([vector.bytes, hex(padding)]);
      assert.deepEqual(decodeRow(padded), normalized(vector.row));
    });
  }
}

test('encodePrimaryKey matches the DeleteRow and range-boundary vectors', () => {
  assert.equal(encodePrimaryKey(PK_A7, { deleteMarker: true }).toString('hex'), `${PK_PREFIX}080903`);
  const bounds = encodePrimaryKey([
    { name: 'pk1', value: INF_MIN },
    { name: 'pk2', value: INF_MAX },
  ]);
  assert.equal(
    bounds.toString('hex'),
    '7500000001030403000000706b310501000000090ac8030403000000706b3205010000000a0afe091e',
  );
});

test('a primary key without delete marker feeds 0x00 instead of 0x01 into the row checksum', () => {
  // Same cells as the DeleteRow vector (cell checksums 0x19 and 0x82); only the marker byte differs (spec 3.7).
  const withoutMarker = encodePrimaryKey(PK_A7);
  assert.equal(
    withoutMarker.toString('hex'),
    `${PK_PREFIX}09${crc8(Buffer.from([0x19, 0x82, 0x00]))
      .toString(16)
      .padStart(2, '0')}`,
  );
  assert.equal(crc8(Buffer.from([0x19, 0x82, 0x01])), 0x03);
});
