/**
 * A table's stream: its id, retention, and shards with their lineage. Keys are partitioned by a hash of the
 * first primary-key column over `[0, 2^32)`; each open shard owns one contiguous hash range, so one key's changes
 * are in exactly one open shard at a time. The real service partitions by value ranges of the first column; a hash
 * spreads any workload over N shards, and splitting or merging ranges keeps the property consumers rely on
 * (spec 4.5): a key moves to a child shard only when its shard closes.
 *
 * Split: the parent closes; two children take the lower and upper half of its range, each with `parent_id`.
 * Merge: two adjacent open shards close; the child takes their union, `parent_id` = the lower one,
 * `parent_sibling_id` = the upper one (spec 4.5, Alibaba's MockOTS).
 */
import { crc32 } from 'node:zlib';
import { ActionType, encodeRow, type PrimaryKeyColumn, type PrimaryKeyValue } from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import type { RowChange } from '../store/table';
import { Shard, type ShardDefinition, type ShardSequence } from './shard';

/** Size of the partition-hash space. */
export const HASH_SPACE = 2 ** 32;

/** Everything fixed when a stream is enabled (logged for replay). */
export interface StreamDefinition {
  streamId: string;
  tableName: string;
  /** µs since the epoch. */
  creationTimeUs: number;
  expirationHours: number;
  shards: ShardDefinition[];
}

/** Where a record went: logged with the row change so that replay rebuilds identical records. */
export interface RecordPlacement extends ShardSequence {
  shardId: string;
}

export class TableStream {
  readonly definition: StreamDefinition;
  /** Creation order: the stable order DescribeStream pages through (spec 4.4). */
  readonly shards: Shard[] = [];
  private readonly byId = new Map<string, Shard>();

  constructor(definition: StreamDefinition) {
    this.definition = definition;
    for (const s of definition.shards) this.addShard(s);
  }

  get streamId(): string {
    return this.definition.streamId;
  }

  get expirationHours(): number {
    return this.definition.expirationHours;
  }

  shard(shardId: string): Shard | undefined {
    return this.byId.get(shardId);
  }

  /** The open shard that owns a key. */
  route(primaryKey: readonly PrimaryKeyColumn[]): Shard {
    const first = primaryKey[0];
    const hash = first === undefined ? 0 : partitionHash(first.value);
    for (const s of this.shards) {
      if (s.isOpen && s.definition.lo <= hash && hash < s.definition.hi) return s;
    }
    throw new Error(`no open shard owns hash ${hash} in stream ${this.streamId}`);
  }

  /** Picks the shard and sequence of the next record for a change (does not append). */
  place(change: RowChange, nowUs: number): RecordPlacement {
    const shard = this.route(change.primaryKey);
    return { shardId: shard.id, ...shard.nextSequence(nowUs) };
  }

  /** Appends the record of an applied change at a placement from {@link place} (or from the log). */
  append(change: RowChange, placement: RecordPlacement): void {
    const shard = this.byId.get(placement.shardId);
    if (shard === undefined) throw new Error(`unknown shard ${placement.shardId}`);
    const sequenceInfo = {
      epoch: placement.epoch,
      timestamp: BigInt(placement.timestampUs),
      rowIndex: placement.rowIndex,
    };
    let actionType: ActionType;
    let record: Buffer;
    if (change.kind === 'delete') {
      actionType = ActionType.DELETE_ROW;
      // The delete marker is written, mirroring DeleteRow's request encoding (UNCONFIRMED, spec 4.8).
      record = encodeRow({ primaryKey: change.primaryKey, deleteMarker: true, sequenceInfo });
    } else {
      actionType = change.kind === 'put' ? ActionType.PUT_ROW : ActionType.UPDATE_ROW;
      record = encodeRow({ primaryKey: change.primaryKey, attributes: change.cells, sequenceInfo });
    }
    shard.append({ timestampUs: placement.timestampUs, actionType, record }, placement);
  }

  /**
   * Definitions of the two children of a split (ids from `nextShardId`), without applying them.
   * @throws TablestoreServerError `OTSParameterInvalid` when the shard is unknown, closed, or too narrow to split.
   */
  planSplit(shardId: string, nowUs: number, nextShardId: () => string): [ShardDefinition, ShardDefinition] {
    const parent = this.openShard(shardId);
    const { lo, hi } = parent.definition;
    if (hi - lo < 2) throw TablestoreServerError.invalid(`Shard ${shardId} is too small to split.`);
    const mid = lo + Math.floor((hi - lo) / 2);
    return [
      { shardId: nextShardId(), lo, hi: mid, parentId: shardId, createdUs: nowUs },
      { shardId: nextShardId(), lo: mid, hi, parentId: shardId, createdUs: nowUs },
    ];
  }

  /**
   * Definition of the child of merging two adjacent open shards, without applying it.
   * @throws TablestoreServerError `OTSParameterInvalid` when a shard is unknown or closed, or the two are not adjacent.
   */
  planMerge(a: string, b: string, nowUs: number, nextShardId: () => string): ShardDefinition {
    const sa = this.openShard(a);
    const sb = this.openShard(b);
    const [lower, upper] = sa.definition.lo < sb.definition.lo ? [sa, sb] : [sb, sa];
    if (lower.definition.hi !== upper.definition.lo) {
      throw TablestoreServerError.invalid(`Shards ${a} and ${b} are not adjacent and can not be merged.`);
    }
    return {
      shardId: nextShardId(),
      lo: lower.definition.lo,
      hi: upper.definition.hi,
      parentId: lower.id,
      parentSiblingId: upper.id,
      createdUs: nowUs,
    };
  }

  /** Closes the parents named by the children and opens the children. */
  applyLineage(children: readonly ShardDefinition[], nowUs: number): void {
    for (const child of children) {
      for (const parentId of [child.parentId, child.parentSiblingId]) {
        const parent = parentId === undefined ? undefined : this.byId.get(parentId);
        if (parent !== undefined && parent.isOpen) parent.closedUs = Math.max(nowUs, parent.lastCommitUs);
      }
    }
    for (const child of children) this.addShard(child);
  }

  /**
   * Drops records committed before `cutoffUs`, and closed shards that closed before it (all their records are
   * older): a shard no longer listed counts as fully read for lineage (spec 4.5).
   */
  trim(cutoffUs: number): void {
    for (const s of this.shards) s.trimBefore(cutoffUs);
    for (let i = this.shards.length - 1; i >= 0; i--) {
      const s = this.shards[i] as Shard;
      if (s.closedUs !== undefined && s.closedUs < cutoffUs && s.records.length === 0) {
        this.shards.splice(i, 1);
        this.byId.delete(s.id);
      }
    }
  }

  private openShard(shardId: string): Shard {
    const shard = this.byId.get(shardId);
    if (shard === undefined) throw TablestoreServerError.invalid(`Shard ${shardId} does not exist.`);
    if (!shard.isOpen) throw TablestoreServerError.invalid(`Shard ${shardId} is already closed.`);
    return shard;
  }

  private addShard(definition: ShardDefinition): void {
    const shard = new Shard(definition);
    this.shards.push(shard);
    this.byId.set(definition.shardId, shard);
  }
}

/** Equal hash ranges for a new stream's `count` shards. */
export function initialShards(count: number, nowUs: number, nextShardId: () => string): ShardDefinition[] {
  const out: ShardDefinition[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      shardId: nextShardId(),
      lo: Math.floor((HASH_SPACE * i) / count),
      hi: Math.floor((HASH_SPACE * (i + 1)) / count),
      createdUs: nowUs,
    });
  }
  return out;
}

const int64 = Buffer.alloc(8);

/** Partition hash of a first-primary-key value: CRC-32 of its bytes (INTEGER as 8 little-endian bytes). */
export function partitionHash(value: PrimaryKeyValue): number {
  if (typeof value === 'bigint') {
    int64.writeBigInt64LE(value);
    return crc32(int64);
  }
  if (typeof value === 'string') return crc32(value);
  if (value instanceof Uint8Array) return crc32(value);
  return 0;
}
