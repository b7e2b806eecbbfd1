// Stream records → ChangeRecords: the byte vectors of spec 4.8, records built with the src/tablestore encoder, and
// the record rules of the Java SDK (the strictest official reader).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareChangeSequence,
  decodeStreamRecord,
  decodeStreamRecords,
  formatSequenceInfo,
  StreamRecordDecodeError,
  type ChangeRecord,
} from '../../../../../src/plugins/sources/tablestore-stream/client';
import { ActionType, encodeRow, PlainBufferError, type PlainBufferRow } from '../../../../../src/tablestore';

/** Hex with the spec's readability spaces removed. */
function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

const PK_U1 = '750000000103040200000069640507000000030200000075310a11';

test('spec 4.8 PUT_ROW vector decodes to a PUT with one put cell and its sequence info', () => {
  const record = hex(`${PK_U1}
    02 0304 04000000 6e616d65 05 08000000 03 03000000 626f62 07 0068e5cf8b010000 0aa9
    0b18000000 0c13000000 0d01000000 0e7b401e18240a0600 0f00000000 096c`);
  const change = decodeStreamRecord({ actionType: ActionType.PUT_ROW, record });
  assert.deepEqual(change, {
    action: 'PUT',
    primaryKey: [{ name: 'id', value: 'u1' }],
    cells: [{ name: 'name', operation: 'PUT', value: 'bob', timestamp: 1700000000000n }],
    sequence: { epoch: 1, timestamp: 1700000000000123n, rowIndex: 0 },
  } satisfies ChangeRecord);
});

test('spec 4.8 UPDATE_ROW vector decodes put, delete-one-version and delete-all-versions cells in order', () => {
  const record = hex(`${PK_U1}
    02 0304030000006167650509000000001e00000000000000070168e5cf8b0100000afa
    0304030000006f6c64 0603 07ff67e5cf8b010000 0a81 030403000000746d70 0601 0a9b
    0b18000000 0c13000000 0d01000000 0eb0451e18240a0600 0f00000000 09d9`);
  const change = decodeStreamRecord({ actionType: ActionType.UPDATE_ROW, record });
  assert.equal(change.action, 'UPDATE');
  assert.deepEqual(change.cells, [
    { name: 'age', operation: 'PUT', value: 30n, timestamp: 1700000000001n },
    { name: 'old', operation: 'DELETE_ONE_VERSION', timestamp: 1699999999999n },
    { name: 'tmp', operation: 'DELETE_ALL_VERSIONS' },
  ]);
  assert.deepEqual(change.sequence, { epoch: 1, timestamp: 1700000000001456n, rowIndex: 0 });
});

test('spec 4.8 DELETE_ROW decodes with and without the delete marker (the service form is UNCONFIRMED)', () => {
  const withMarker = hex(`${PK_U1} 08 0b18000000 0c13000000 0d01000000 0ee54a1e18240a0600 0f00000000 0945`);
  const withoutMarker = hex(`${PK_U1} 0b18000000 0c13000000 0d01000000 0ee54a1e18240a0600 0f00000000 0942`);
  const expected: ChangeRecord = {
    action: 'DELETE',
    primaryKey: [{ name: 'id', value: 'u1' }],
    cells: [],
    sequence: { epoch: 1, timestamp: 1700000000002789n, rowIndex: 0 },
  };
  assert.deepEqual(decodeStreamRecord({ actionType: ActionType.DELETE_ROW, record: withMarker }), expected);
  assert.deepEqual(decodeStreamRecord({ actionType: ActionType.DELETE_ROW, record: withoutMarker }), expected);
});

test('encoder-built records round-trip every value type and 64-bit extremes as bigint', () => {
  const row: PlainBufferRow = {
    primaryKey: [
      { name: 'h', value: -(1n << 63n) },
      { name: 's', value: 'ключ' },
      { name: 'b', value: Buffer.from([0, 255]) },
    ],
    attributes: [
      { name: 'i', value: (1n << 63n) - 1n, timestamp: 1n },
      { name: 'd', value: -0.25, timestamp: 2n },
      { name: 't', value: true, timestamp: 3n },
      { name: 'str', value: '', timestamp: 4n },
      { name: 'bin', value: Buffer.alloc(0), timestamp: 5n },
    ],
    sequenceInfo: { epoch: 2147483647, timestamp: (1n << 63n) - 1n, rowIndex: 7 },
  };
  const change = decodeStreamRecord({ actionType: ActionType.PUT_ROW, record: encodeRow(row) });
  assert.deepEqual(change.primaryKey, [
    { name: 'h', value: -(1n << 63n) },
    { name: 's', value: 'ключ' },
    { name: 'b', value: Buffer.from([0, 255]) },
  ]);
  assert.deepEqual(
    change.cells.map((c) => (c.operation === 'PUT' ? [c.name, c.value, c.timestamp] : undefined)),
    [
      ['i', (1n << 63n) - 1n, 1n],
      ['d', -0.25, 2n],
      ['t', true, 3n],
      ['str', '', 4n],
      ['bin', Buffer.alloc(0), 5n],
    ],
  );
  assert.deepEqual(change.sequence, { epoch: 2147483647, timestamp: (1n << 63n) - 1n, rowIndex: 7 });
});

test('origin_record is decoded into originCells', () => {
  const sequenceInfo = { epoch: 1, timestamp: 10n, rowIndex: 0 };
  const primaryKey = [{ name: 'id', value: 1n }];
  const record = encodeRow({ primaryKey, attributes: [{ name: 'a', value: 'new', timestamp: 2n }], sequenceInfo });
  const originRecord = encodeRow({ primaryKey, attributes: [{ name: 'a', value: 'old', timestamp: 1n }] });
  const change = decodeStreamRecord({ actionType: ActionType.UPDATE_ROW, record, originRecord });
  assert.deepEqual(change.originCells, [{ name: 'a', operation: 'PUT', value: 'old', timestamp: 1n }]);
});

test('a record without sequence info is rejected, as the Java and Go SDKs reject it', () => {
  const record = encodeRow({ primaryKey: [{ name: 'id', value: 1n }] });
  assert.throws(
    () => decodeStreamRecords([{ actionType: ActionType.DELETE_ROW, record }]),
    (err: unknown) =>
      err instanceof StreamRecordDecodeError && err.recordIndex === 0 && /sequence info/.test(err.message),
  );
});

test('a corrupted record fails with StreamRecordDecodeError carrying the PlainBuffer cause and record index', () => {
  const good = encodeRow({
    primaryKey: [{ name: 'id', value: 1n }],
    sequenceInfo: { epoch: 1, timestamp: 1n, rowIndex: 0 },
  });
  const bad = Buffer.from(good);
  bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 0xff, bad.length - 1); // row checksum
  assert.throws(
    () =>
      decodeStreamRecords([
        { actionType: ActionType.DELETE_ROW, record: good },
        { actionType: ActionType.DELETE_ROW, record: bad },
      ]),
    (err: unknown) =>
      err instanceof StreamRecordDecodeError && err.recordIndex === 1 && err.cause instanceof PlainBufferError,
  );
});

test('Java SDK record rules: a put cell without timestamp and an INCREMENT cell are rejected', () => {
  const sequenceInfo = { epoch: 1, timestamp: 1n, rowIndex: 0 };
  const primaryKey = [{ name: 'id', value: 1n }];
  const noTimestamp = encodeRow({ primaryKey, attributes: [{ name: 'a', value: 1n }], sequenceInfo });
  assert.throws(
    () => decodeStreamRecord({ actionType: ActionType.UPDATE_ROW, record: noTimestamp }),
    /puts a value without a timestamp/,
  );
  const increment = encodeRow({
    primaryKey,
    attributes: [{ name: 'a', value: 1n, operation: 'INCREMENT' }],
    sequenceInfo,
  });
  assert.throws(() => decodeStreamRecord({ actionType: ActionType.UPDATE_ROW, record: increment }), /INCREMENT/);
});

test('an unknown action type is rejected', () => {
  const record = encodeRow({
    primaryKey: [{ name: 'id', value: 1n }],
    sequenceInfo: { epoch: 1, timestamp: 1n, rowIndex: 0 },
  });
  assert.throws(() => decodeStreamRecord({ actionType: 9 as ActionType, record }), StreamRecordDecodeError);
});

test('sequence order is (epoch, timestamp, rowIndex) and the DataX string sorts the same way', () => {
  const seqs = [
    { epoch: 2, timestamp: 1n, rowIndex: 0 },
    { epoch: 1, timestamp: 20n, rowIndex: 0 },
    { epoch: 1, timestamp: 3n, rowIndex: 5 },
    { epoch: 1, timestamp: 3n, rowIndex: 1 },
  ];
  const sorted = [...seqs].sort(compareChangeSequence);
  assert.deepEqual(sorted, [seqs[3], seqs[2], seqs[1], seqs[0]]);
  const texts = seqs.map((s) => formatSequenceInfo(s, 's1')).sort();
  assert.deepEqual(
    texts,
    sorted.map((s) => formatSequenceInfo(s, 's1')),
  );
  // otsstream-reader.md §4.4 worked example.
  assert.equal(
    formatSequenceInfo({ epoch: 3, timestamp: 1735696801234567n, rowIndex: 0 }, 's1'),
    '0000000003_00001735696801234567_0000000000_s1',
  );
});
