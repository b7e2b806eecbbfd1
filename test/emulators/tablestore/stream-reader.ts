/**
 * A minimal stream reader over the `src/tablestore` codecs for the server tests: ListStream → DescribeStream (all
 * pages) → shards in lineage order (parents and parent siblings first) → GetShardIterator → GetStreamRecord until
 * the shard is closed (no next iterator) or caught up (an empty page).
 */
import assert from 'node:assert/strict';
import { decodeRow, type DecodedRow, type StreamShard } from '../../../src/tablestore';
import type { TablestoreServer } from '../../../src/emulators/tablestore';
import { call } from './helpers';

export interface ReadRecord {
  shardId: string;
  actionType: number;
  row: DecodedRow;
}

export interface ReadOptions {
  /** GetStreamRecord limit per page, or a function picking one per call. */
  limit?: number | (() => number);
  /** DescribeStream page size. */
  shardLimit?: number;
  /** GetShardIterator timestamp (µs). */
  timestampUs?: bigint;
}

export async function listShards(
  server: TablestoreServer,
  streamId: string,
  shardLimit?: number,
): Promise<StreamShard[]> {
  const shards: StreamShard[] = [];
  let start: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await call(server, 'DescribeStream', {
      streamId,
      ...(start === undefined ? {} : { inclusiveStartShardId: start }),
      ...(shardLimit === undefined ? {} : { shardLimit }),
    });
    shards.push(...res.shards);
    if (res.nextShardId === undefined || res.nextShardId === '') return shards;
    start = res.nextShardId;
  }
  throw new Error('DescribeStream did not finish paging');
}

/** Shards ordered so that each follows its parent and parent sibling (an unlisted parent counts as read). */
export function lineageOrder(shards: readonly StreamShard[]): StreamShard[] {
  const listed = new Set(shards.map((s) => s.shardId));
  const done = new Set<string>();
  const ready = (p: string | undefined) => p === undefined || p === '' || !listed.has(p) || done.has(p);
  const out: StreamShard[] = [];
  while (out.length < shards.length) {
    const before = out.length;
    for (const s of shards) {
      if (done.has(s.shardId) || !ready(s.parentId) || !ready(s.parentSiblingId)) continue;
      done.add(s.shardId);
      out.push(s);
    }
    assert.ok(out.length > before, 'lineage has a cycle');
  }
  return out;
}

export async function streamIdOf(server: TablestoreServer, tableName: string): Promise<string> {
  const res = await call(server, 'ListStream', { tableName });
  assert.equal(res.streams.length, 1);
  return res.streams[0]!.streamId;
}

/** Reads one shard from its start (or a timestamp); returns its records and whether it was closed. */
export async function readShard(
  server: TablestoreServer,
  streamId: string,
  shardId: string,
  options: ReadOptions = {},
): Promise<{ records: ReadRecord[]; closed: boolean }> {
  const it = await call(server, 'GetShardIterator', {
    streamId,
    shardId,
    ...(options.timestampUs === undefined ? {} : { timestamp: options.timestampUs }),
  });
  let iterator = it.shardIterator;
  const records: ReadRecord[] = [];
  for (let page = 0; page < 1_000_000; page++) {
    const limit = typeof options.limit === 'function' ? options.limit() : options.limit;
    const res = await call(server, 'GetStreamRecord', {
      shardIterator: iterator,
      ...(limit === undefined ? {} : { limit }),
    });
    for (const r of res.streamRecords) records.push({ shardId, actionType: r.actionType, row: decodeRow(r.record) });
    if (res.nextShardIterator === undefined) return { records, closed: true };
    if (res.streamRecords.length === 0) return { records, closed: false };
    assert.notEqual(res.nextShardIterator, iterator, 'records came with an unchanged iterator');
    iterator = res.nextShardIterator;
  }
  throw new Error('shard did not end');
}

/** Reads the whole stream of a table, parents first. */
export async function readStream(
  server: TablestoreServer,
  tableName: string,
  options: ReadOptions = {},
): Promise<ReadRecord[]> {
  const streamId = await streamIdOf(server, tableName);
  const shards = lineageOrder(await listShards(server, streamId, options.shardLimit));
  const out: ReadRecord[] = [];
  for (const s of shards) out.push(...(await readShard(server, streamId, s.shardId, options)).records);
  return out;
}
