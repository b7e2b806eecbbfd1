import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectName, partitionValues, utcStamp, windowPrefix } from '../../../../../src/plugins/sinks/oss/naming';

const window = { startMs: Date.UTC(2024, 2, 15, 2, 10), endMs: Date.UTC(2024, 2, 15, 2, 15) };
const base = { object: 'ots/t1/20240315', jobId: 'job-a', window, shardId: 'shard-0001', roll: 0, suffix: '.csv' };

test('window naming: readable UTC window bounds, a shard tag, rolls and suffix; same input, same name', () => {
  const name = objectName({ ...base, naming: 'window' });
  assert.match(name, /^ots\/t1\/20240315__20240315T021000Z-20240315T021500Z_[0-9a-f]{8}\.csv$/);
  assert.equal(objectName({ ...base, naming: 'window' }), name, 'deterministic');
  assert.ok(name.startsWith(windowPrefix(base.object, window)));
  assert.match(objectName({ ...base, naming: 'window', roll: 2 }), /_[0-9a-f]{8}_2\.csv$/);
  assert.notEqual(objectName({ ...base, naming: 'window', shardId: 'shard-0002' }), name, 'one object per shard');
  assert.match(objectName({ ...base, naming: 'window', shardId: '' }), /_empty\.csv$/);
});

test('datax naming keeps DataX shape <object>__<32 hex>[_k]<suffix> but is deterministic per job, window, shard', () => {
  const name = objectName({ ...base, naming: 'datax' });
  assert.match(name, /^ots\/t1\/20240315__[0-9a-f]{32}\.csv$/);
  assert.equal(objectName({ ...base, naming: 'datax' }), name);
  assert.notEqual(objectName({ ...base, naming: 'datax', jobId: 'job-b' }), name);
  assert.notEqual(objectName({ ...base, naming: 'datax', window: { ...window, endMs: window.endMs + 1 } }), name);
  assert.match(
    objectName({ ...base, naming: 'datax', roll: 1, partitionValues: 'bj2024' }),
    /__[0-9a-f]{32}_bj2024_1\.csv$/,
  );
});

test('off-grid window bounds keep their milliseconds; grid bounds do not', () => {
  assert.equal(utcStamp(Date.UTC(2024, 0, 1)), '20240101T000000Z');
  assert.equal(utcStamp(Date.UTC(2024, 0, 1, 0, 0, 0, 7)), '20240101T000000.007Z');
});

test('partition values: last column first, as many as partition entries, no separator (DataX)', () => {
  assert.equal(partitionValues(['a', 'b', 'c'], 2), 'cb');
  assert.equal(partitionValues(['a'], 3), 'a');
});
