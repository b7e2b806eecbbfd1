/**
 * One stream shard: the change records of the keys whose partition hash falls in `[lo, hi)`, in commit order,
 * pre-encoded (so serving a page copies buffers and encodes nothing). Records are addressed by an absolute
 * position that survives trimming: `base` is the position of `records[0]`.
 */
import type { ActionType } from '../../../tablestore';

/** What is fixed when a shard is created (logged for replay). */
export interface ShardDefinition {
  shardId: string;
  /** Partition-hash range `[lo, hi)`, within `[0, 2^32)`. */
  lo: number;
  hi: number;
  parentId?: string;
  parentSiblingId?: string;
  /** Microseconds since the epoch. */
  createdUs: number;
}

/** One record as stored: its commit time and its `StreamRecord` fields. */
export interface StoredRecord {
  /** Sequence-info timestamp, µs (below 2^53 until the year 2255). */
  timestampUs: number;
  actionType: ActionType;
  /** PlainBuffer: header, one row, sequence-info extension (spec 4.8). */
  record: Buffer;
}

/** Sequence info a shard assigns: epoch, µs timestamp, index among records of the same µs. */
export interface ShardSequence {
  epoch: number;
  timestampUs: number;
  rowIndex: number;
}

/** The partition epoch written into every record (spec 4.8: a small per-shard constant). */
export const SHARD_EPOCH = 1;

export class Shard {
  readonly definition: ShardDefinition;
  /** Set when the shard was split or merged; no record is appended after it. */
  closedUs: number | undefined;
  readonly records: StoredRecord[] = [];
  /** Absolute position of `records[0]`. */
  base = 0;
  private lastTimestampUs = 0;
  private lastRowIndex = -1;

  constructor(definition: ShardDefinition) {
    this.definition = definition;
  }

  get id(): string {
    return this.definition.shardId;
  }

  /** Absolute position just after the last record. */
  get end(): number {
    return this.base + this.records.length;
  }

  get isOpen(): boolean {
    return this.closedUs === undefined;
  }

  /** The next sequence info: timestamps never go back within a shard; equal ones are told apart by row index. */
  nextSequence(nowUs: number): ShardSequence {
    if (nowUs > this.lastTimestampUs) return { epoch: SHARD_EPOCH, timestampUs: nowUs, rowIndex: 0 };
    return { epoch: SHARD_EPOCH, timestampUs: this.lastTimestampUs, rowIndex: this.lastRowIndex + 1 };
  }

  append(record: StoredRecord, sequence: ShardSequence): void {
    this.records.push(record);
    this.lastTimestampUs = sequence.timestampUs;
    this.lastRowIndex = sequence.rowIndex;
  }

  /** The last commit time, µs (0 before the first record). */
  get lastCommitUs(): number {
    return this.lastTimestampUs;
  }

  /** Absolute position of the first retained record at or after `timestampUs`. */
  seek(timestampUs: number): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.records[mid] as StoredRecord).timestampUs < timestampUs) lo = mid + 1;
      else hi = mid;
    }
    return this.base + lo;
  }

  /** Drops the records committed before `cutoffUs`. */
  trimBefore(cutoffUs: number): void {
    const keepFrom = this.seek(cutoffUs) - this.base;
    if (keepFrom <= 0) return;
    this.records.splice(0, keepFrom);
    this.base += keepFrom;
  }
}
