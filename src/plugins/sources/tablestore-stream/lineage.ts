/**
 * Which shards may be read now (otsstream-reader.md §6.2): a shard is read only after its parent and parent
 * sibling were read to `SHARD_END`, so every key's changes come out in commit order across splits and merges.
 * A shard whose parent stopped at this window's end (or was itself deferred) holds only later data: it is
 * deferred to the next window, which reads it from `TRIM_HORIZON`. Pure.
 */
import type { StreamShard } from './client';
import { StreamConsistencyError } from './errors';

/** Progress of one shard within a window read. */
export type ShardState =
  /** Not started. */
  | 'PENDING'
  | 'RUNNING'
  /** Read to `SHARD_END` (closed), in this window or an earlier one. */
  | 'DONE_REACH_END'
  /** Stopped at the window boundary or drained, not closed. */
  | 'DONE_NOT_END'
  /** Deferred to the next window because a parent has not closed. */
  | 'SKIP';

/** What to do with a pending shard now. */
export type LineageDecision = 'READY' | 'BLOCK' | 'SKIP';

/**
 * Decides for a `PENDING` shard. A parent that is not listed (expired, or unknown) counts as read to its end,
 * as in DataX since 2023 (§8.1 issue 890). A pending parent is evaluated recursively: if it will be deferred, so
 * is its child.
 * @throws StreamConsistencyError when the lineage has a cycle.
 */
export function decideShard(
  shardId: string,
  shards: ReadonlyMap<string, StreamShard>,
  states: ReadonlyMap<string, ShardState>,
  visiting: Set<string> = new Set(),
): LineageDecision {
  if (visiting.has(shardId)) throw new StreamConsistencyError(shardId, 'the shard lineage has a cycle.');
  visiting.add(shardId);
  const shard = shards.get(shardId);
  let blocked = false;
  for (const parentId of [shard?.parentId, shard?.parentSiblingId]) {
    if (parentId === undefined || !shards.has(parentId)) continue;
    const state = states.get(parentId) ?? 'PENDING';
    if (state === 'SKIP' || state === 'DONE_NOT_END') return 'SKIP';
    if (state === 'RUNNING') blocked = true;
    else if (state === 'PENDING') {
      if (decideShard(parentId, shards, states, visiting) === 'SKIP') return 'SKIP';
      blocked = true;
    }
  }
  visiting.delete(shardId);
  return blocked ? 'BLOCK' : 'READY';
}

/**
 * Applies every SKIP decision (they cascade to grandchildren) and returns the pending shards that are READY, in
 * listing order. Mutates `states`.
 */
export function settleLineage(
  order: readonly string[],
  shards: ReadonlyMap<string, StreamShard>,
  states: Map<string, ShardState>,
): { ready: string[]; skipped: string[] } {
  const skipped: string[] = [];
  for (let changed = true; changed;) {
    changed = false;
    for (const id of order) {
      if (states.get(id) !== 'PENDING') continue;
      if (decideShard(id, shards, states) === 'SKIP') {
        states.set(id, 'SKIP');
        skipped.push(id);
        changed = true;
      }
    }
  }
  const ready = order.filter((id) => states.get(id) === 'PENDING' && decideShard(id, shards, states) === 'READY');
  return { ready, skipped };
}
