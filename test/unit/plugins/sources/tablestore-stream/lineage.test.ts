// Lineage decisions (§6.2): parents before children; a child whose parent stopped at the boundary is deferred.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamShard } from '../../../../../src/plugins/sources/tablestore-stream/client';
import { StreamConsistencyError } from '../../../../../src/plugins/sources/tablestore-stream/errors';
import {
  decideShard,
  settleLineage,
  type ShardState,
} from '../../../../../src/plugins/sources/tablestore-stream/lineage';

const SHARDS: StreamShard[] = [
  { shardId: 'p' },
  { shardId: 'q' },
  { shardId: 'c1', parentId: 'p' },
  { shardId: 'c2', parentId: 'p' },
  { shardId: 'm', parentId: 'c2', parentSiblingId: 'q' },
  { shardId: 'orphan', parentId: 'expired' },
];
const byId = new Map(SHARDS.map((s) => [s.shardId, s]));
const states = (entries: Record<string, ShardState>) =>
  new Map<string, ShardState>(SHARDS.map((s) => [s.shardId, entries[s.shardId] ?? 'PENDING']));

const cases: Array<[string, string, Record<string, ShardState>, string]> = [
  ['a root shard is ready', 'p', {}, 'READY'],
  ['a child waits while its parent is pending', 'c1', {}, 'BLOCK'],
  ['a child waits while its parent runs', 'c1', { p: 'RUNNING' }, 'BLOCK'],
  ['a child is ready once its parent reached SHARD_END', 'c1', { p: 'DONE_REACH_END' }, 'READY'],
  ['a child is deferred when its parent stopped at the boundary', 'c1', { p: 'DONE_NOT_END' }, 'SKIP'],
  ['a merge child waits for both parents', 'm', { p: 'DONE_REACH_END', c2: 'DONE_REACH_END' }, 'BLOCK'],
  ['a merge child is ready when both parents ended', 'm', { c2: 'DONE_REACH_END', q: 'DONE_REACH_END' }, 'READY'],
  ['a merge child is deferred when one parent stopped', 'm', { c2: 'DONE_REACH_END', q: 'DONE_NOT_END' }, 'SKIP'],
  ['a grandchild of a stopped shard is deferred (recursive)', 'm', { p: 'DONE_NOT_END', q: 'DONE_REACH_END' }, 'SKIP'],
  ['a grandchild of a deferred shard is deferred', 'm', { c2: 'SKIP', q: 'DONE_REACH_END' }, 'SKIP'],
  ['an unlisted (expired) parent counts as read to its end', 'orphan', {}, 'READY'],
];
for (const [name, shard, given, want] of cases) {
  test(`lineage: ${name}`, () => assert.equal(decideShard(shard, byId, states(given)), want));
}

test('settleLineage cascades deferrals and lists ready shards in listing order', () => {
  const s = states({ p: 'DONE_NOT_END', q: 'DONE_REACH_END' });
  const { ready, skipped } = settleLineage(
    SHARDS.map((x) => x.shardId),
    byId,
    s,
  );
  assert.deepEqual(skipped.sort(), ['c1', 'c2', 'm']);
  assert.deepEqual(ready, ['orphan']);
  assert.equal(s.get('m'), 'SKIP');
});

test('a lineage cycle is an error, not a hang', () => {
  const cyclic = new Map<string, StreamShard>([
    ['a', { shardId: 'a', parentId: 'b' }],
    ['b', { shardId: 'b', parentId: 'a' }],
  ]);
  assert.throws(() => decideShard('a', cyclic, new Map()), StreamConsistencyError);
});
