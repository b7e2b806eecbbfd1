// DataX's output layouts (otsstream-reader.md §4): multi-version lines, row mode, sequence info, typed values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChangeRecord } from '../../../../../src/plugins/sources/tablestore-stream/client';
import {
  sequenceInfoString,
  toMultiVersionRecords,
  toRowModeRecord,
  toSourceRecords,
} from '../../../../../src/plugins/sources/tablestore-stream/layouts';

const SEQ = { epoch: 3, timestamp: 1735696801234567n, rowIndex: 0 };
const VERSION = 1735696801234n;
const PK = [
  { name: 'uid', value: 'u1' },
  { name: 'ts', value: 5n },
];
const put: ChangeRecord = {
  action: 'PUT',
  primaryKey: PK,
  cells: [
    { name: 'name', operation: 'PUT', value: 'a', timestamp: VERSION },
    { name: 'age', operation: 'PUT', value: 7n, timestamp: VERSION },
  ],
  sequence: SEQ,
};
const del: ChangeRecord = { action: 'DELETE', primaryKey: PK, cells: [], sequence: { ...SEQ, rowIndex: 1 } };
const update: ChangeRecord = {
  action: 'UPDATE',
  primaryKey: PK,
  cells: [
    { name: 'name', operation: 'PUT', value: 'b', timestamp: 10n },
    { name: 'name', operation: 'DELETE_ONE_VERSION', timestamp: 9n },
    { name: 'email', operation: 'DELETE_ALL_VERSIONS' },
    { name: 'name', operation: 'PUT', value: 'c', timestamp: 11n },
    { name: 'bin', operation: 'PUT', value: Buffer.from([1, 2]), timestamp: 11n },
    { name: 'big', operation: 'PUT', value: 9007199254740993n, timestamp: 11n },
    { name: 'ok', operation: 'PUT', value: true, timestamp: 11n },
    { name: 'd', operation: 'PUT', value: 1.5, timestamp: 11n },
  ],
  sequence: { ...SEQ, rowIndex: 2 },
};
const PREFIX = '0000000003_00001735696801234567_0000000000_s1';

test('sequence info is zero-padded epoch_time_rowIndex_shard[:line] (§4.4 example)', () => {
  const seq = { epoch: 3, timestampUs: 1735696801234567n, rowIndex: 0, shardId: 's1' };
  assert.equal(sequenceInfoString(seq, 1), '0000000003_00001735696801234567_0000000000_s1:0000000001');
  assert.equal(sequenceInfoString(seq), PREFIX);
});

test('§4.5 worked example: PutRow in multi-version mode with sequence info is DR then one U per cell', () => {
  const lines = toMultiVersionRecords(put, 's1', true).map((r) => r.columns);
  assert.deepEqual(lines, [
    ['u1', 5n, null, null, null, 'DR', `${PREFIX}:0000000000`],
    ['u1', 5n, 'name', VERSION, 'a', 'U', `${PREFIX}:0000000001`],
    ['u1', 5n, 'age', VERSION, 7n, 'U', `${PREFIX}:0000000002`],
  ]);
});

test('§4.5 worked example: row mode with [uid, name, email] gives "u1", "a", null', () => {
  const r = toRowModeRecord(put, 's1', ['uid', 'name', 'email'], false);
  assert.deepEqual(r.columns, ['u1', 'a', null]);
  assert.equal(r.dataxEmits, true);
  assert.deepEqual(r.change.touched, [true, true, false]);
});

test('§4.5 worked example: a DeleteRow is one DR line; in row mode it is yielded with dataxEmits false', () => {
  const lines = toMultiVersionRecords(del, 's1', false);
  assert.deepEqual(
    lines.map((r) => r.columns),
    [['u1', 5n, null, null, null, 'DR']],
  );
  const row = toRowModeRecord(del, 's1', ['uid', 'ts', 'name'], false);
  assert.equal(row.dataxEmits, false);
  assert.deepEqual(row.columns, ['u1', 5n, null]);
  assert.equal(row.change.action, 'DELETE');
});

test('UpdateRow: one line per cell op in record order (U, DO, DA), typed values (§4.1), no DR', () => {
  const lines = toMultiVersionRecords(update, 's9', true);
  assert.deepEqual(
    lines.map((r) => r.columns.slice(0, 6)),
    [
      ['u1', 5n, 'name', 10n, 'b', 'U'],
      ['u1', 5n, 'name', 9n, null, 'DO'],
      ['u1', 5n, 'email', null, null, 'DA'],
      ['u1', 5n, 'name', 11n, 'c', 'U'],
      ['u1', 5n, 'bin', 11n, Buffer.from([1, 2]), 'U'],
      ['u1', 5n, 'big', 11n, 9007199254740993n, 'U'],
      ['u1', 5n, 'ok', 11n, true, 'U'],
      ['u1', 5n, 'd', 11n, 1.5, 'U'],
    ],
  );
  assert.equal(lines[0]?.columns[6], '0000000003_00001735696801234567_0000000002_s9:0000000000');
  assert.ok(lines.every((r) => r.dataxEmits && r.change.touched === undefined));
});

test('PutRow without cells gives only the DR line', () => {
  const lines = toMultiVersionRecords({ ...put, cells: [] }, 's1', false);
  assert.equal(lines.length, 1);
  assert.equal(lines[0]?.columns[5], 'DR');
});

const rowCases: Array<{ name: string; change: ChangeRecord; columns: string[]; want: unknown[]; emits: boolean }> = [
  {
    name: 'later put cells of one column overwrite earlier ones; delete cells are ignored',
    change: update,
    columns: ['name', 'email', 'big'],
    want: ['c', null, 9007199254740993n],
    emits: true,
  },
  {
    name: 'an attribute named like a primary key overwrites the key value',
    change: { ...put, cells: [{ name: 'uid', operation: 'PUT', value: 'other', timestamp: 1n }] },
    columns: ['uid'],
    want: ['other'],
    emits: true,
  },
  {
    name: 'a change touching none of the configured columns is dropped by DataX (dataxEmits false)',
    change: put,
    columns: ['email', 'phone'],
    want: [null, null],
    emits: false,
  },
  {
    name: 'primary keys count as present, so an update of other columns still emits with nulls',
    change: update,
    columns: ['ts', 'phone'],
    want: [5n, null],
    emits: true,
  },
];
for (const c of rowCases) {
  test(`row mode: ${c.name}`, () => {
    const r = toRowModeRecord(c.change, 's1', c.columns, false);
    assert.deepEqual(r.columns, c.want);
    assert.equal(r.dataxEmits, c.emits);
  });
}

test('row mode appends the sequence info without a line index', () => {
  const [r] = toSourceRecords(put, 's1', {
    mode: 'single_version_and_update_only',
    columns: ['uid'],
    exportSequenceInfo: true,
  });
  assert.deepEqual(r?.columns, ['u1', PREFIX]);
  assert.deepEqual(r?.change.touched, [true, true]);
  assert.deepEqual(r?.change.sequence, { epoch: 3, timestampUs: 1735696801234567n, rowIndex: 0, shardId: 's1' });
});
