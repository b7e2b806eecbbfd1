// Byte-exact DataX status-table keys, the job description's shard-list chunks, and the completeness rules (§5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync, inflateSync } from 'node:zlib';
import {
  incompleteReason,
  type StoredCheckpoint,
} from '../../../../../src/plugins/sources/tablestore-stream/checkpoints';
import {
  checkpointKey,
  checkpointRange,
  decodeShardIdChunks,
  encodeShardIdChunks,
  formatTime16,
  jobDescriptionKey,
  legacyShardCountKey,
  newRunVersion,
  shardIdOfCheckpointValue,
  SHARD_IDS_CHUNK_BYTES,
  timeBookmarkKey,
  timeOfBookmarkValue,
} from '../../../../../src/plugins/sources/tablestore-stream/status-keys';

const values = (key: { value: unknown }[]) => key.map((c) => c.value);

test('times are Java %16d: space-padded to 16 characters', () => {
  assert.equal(formatTime16(1700000000000), '   1700000000000');
  assert.equal(formatTime16(5), '               5');
  assert.equal(formatTime16(1234567890123456), '1234567890123456');
  assert.throws(() => formatTime16(1.5), RangeError);
});

test('row keys: checkpoint, job description, legacy count and bookmark use TAB separators', () => {
  assert.deepEqual(values(checkpointKey('t_1', 1700000000000, 'shard-1')), [
    't_1',
    'CheckpointForDataxReader',
    '   1700000000000\tshard-1',
  ]);
  assert.deepEqual(values(jobDescriptionKey('t_1', 1700000000000)), ['t_1', 'DataxJobDesc', '   1700000000000']);
  assert.deepEqual(values(legacyShardCountKey('t_1', 1700000000000)), [
    't_1',
    'CheckpointForDataxReader',
    '   1700000000000',
  ]);
  assert.deepEqual(values(timeBookmarkKey('t_1', 'shard-1', 1700000000000)), [
    't_1',
    'ShardTimeCheckpointForDataxReader',
    'shard-1\t   1700000000000',
  ]);
  const [start, end] = checkpointRange('t_1', 1700000000000);
  assert.equal(start[2]?.value, '   1700000000000\t');
  assert.equal(end[2]?.value, '   1700000000000\t\x7f');
  assert.equal(shardIdOfCheckpointValue('   1700000000000\tshard-1', 1700000000000), 'shard-1');
  assert.equal(shardIdOfCheckpointValue('   1700000000000', 1700000000000), undefined);
  assert.equal(timeOfBookmarkValue('shard-1\t   1700000000000', 'shard-1'), 1700000000000);
  assert.equal(timeOfBookmarkValue('shard-10\t   1700000000000', 'shard-1'), undefined);
});

test('shard-id list: zlib-compressed Gson JSON, read back from DataX-written bytes', () => {
  const ids = ['a', 'b<c'];
  const [chunk] = encodeShardIdChunks(ids);
  assert.equal(inflateSync(chunk as Buffer).toString('utf8'), '["a","b\\u003cc"]');
  const dataxBytes = deflateSync(Buffer.from('["s1","s2"]'));
  assert.deepEqual(
    decodeShardIdChunks((name) => (name === 'ShardIds_0' ? dataxBytes : undefined)),
    ['s1', 's2'],
  );
});

test('shard-id list: cut into 64 KiB chunks ShardIds_0, ShardIds_1, … and joined back in order', () => {
  // Random-looking ids compress poorly, so the list spans several chunks.
  const ids = Array.from({ length: 12_000 }, (_, i) => `shard-${(i * 2654435761) % 4294967296}-${i.toString(36)}`);
  const chunks = encodeShardIdChunks(ids);
  assert.ok(chunks.length >= 2);
  assert.ok(chunks.slice(0, -1).every((c) => c.length === SHARD_IDS_CHUNK_BYTES));
  const cells = new Map(chunks.map((c, i) => [`ShardIds_${i}`, c]));
  assert.deepEqual(
    decodeShardIdChunks((name) => cells.get(name)),
    ids,
  );
});

test('run versions are "<ms>-<uuid>"', () => {
  assert.match(newRunVersion(1700000000000), /^1700000000000-[0-9a-f-]{36}$/);
});

const cp = (shardId: string, version = 'v1'): StoredCheckpoint => ({
  shardId,
  checkpoint: 'it',
  version,
  skipCount: 0,
  sendRecordCount: 0,
});
const desc = (shardIds: string[], streamId = 's', version = 'v1') => ({
  shardIds,
  version,
  streamId,
  tableName: 't',
  startMs: 0,
  endMs: 1,
});
const completeness: Array<[string, Parameters<typeof incompleteReason>, boolean]> = [
  ['complete set with a job description', ['s', [cp('a'), cp('b')], desc(['a', 'b']), undefined], true],
  ['job description of another stream', ['s', [cp('a')], desc(['a'], 'other'), undefined], false],
  ['fewer checkpoints than listed shards', ['s', [cp('a')], desc(['a', 'b']), undefined], false],
  ['a checkpoint of another run version', ['s', [cp('a'), cp('b', 'v2')], desc(['a', 'b']), undefined], false],
  ['a listed shard without checkpoint', ['s', [cp('a'), cp('c')], desc(['a', 'b']), undefined], false],
  ['no description, legacy ShardCount matches', ['s', [cp('a'), cp('b', undefined)], undefined, 2], true],
  ['no description, legacy ShardCount differs', ['s', [cp('a')], undefined, 2], false],
  ['no description and no ShardCount', ['s', [cp('a')], undefined, undefined], false],
];
for (const [name, args, complete] of completeness) {
  test(`resume set (§5.4 A): ${name} → ${complete ? 'resume' : 'fresh start'}`, () => {
    assert.equal(incompleteReason(...args) === undefined, complete);
  });
}
