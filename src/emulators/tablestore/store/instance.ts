/**
 * The state of one Tablestore instance: its tables, their streams, and the write-ahead log behind them. Every
 * mutation goes through {@link Instance.commit}: a fully resolved log entry (ids, timestamps and sequence numbers
 * already chosen) is appended to the log, then applied. Replay applies the same entries, so a restarted server
 * rebuilds byte-identical rows and stream records.
 */
import { TABLESTORE_ERROR_MESSAGES } from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import { initialShards, TableStream, type RecordPlacement, type StreamDefinition } from '../stream/stream';
import type { ShardDefinition } from '../stream/shard';
import { Table, type ResolvedTableOptions, type RowChange, type TableDefinition } from './table';
import { WriteAheadLog } from './wal';

/** One log entry: a mutation with every server-side choice made. */
export type LogEntry =
  | { op: 'createTable'; table: TableDefinition; stream?: StreamDefinition }
  | { op: 'deleteTable'; name: string }
  | {
      op: 'updateTable';
      name: string;
      options?: ResolvedTableOptions;
      reserved?: { read: number; write: number; atSec: number };
      /** A new stream (enable), null (disable), or absent (unchanged). */
      stream?: StreamDefinition | null;
    }
  | { op: 'row'; table: string; change: RowChange; placement?: RecordPlacement }
  | { op: 'lineage'; table: string; children: ShardDefinition[]; atUs: number }
  | { op: 'trim'; table?: string; beforeUs: number };

/** Options of {@link Instance}. */
export interface InstanceOptions {
  /** Shards of each new stream. @default 4 */
  shardCount?: number;
  /** Directory of the write-ahead log; absent = in memory only. */
  dataDir?: string;
}

/** Reserved-throughput bookkeeping DescribeTable reports. */
export interface ReservedState {
  read: number;
  write: number;
  lastIncreaseSec: number;
  lastDecreaseSec?: number;
}

/** Current time in µs since the epoch, finer than `Date.now()`. */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

export class Instance {
  readonly tables = new Map<string, Table>();
  readonly streams = new Map<string, TableStream>();
  readonly reserved = new Map<string, ReservedState>();
  readonly shardCount: number;
  private wal: WriteAheadLog | undefined;
  private shardCounter = 0;
  /** Bytes of torn log tail dropped at startup (0 when the last shutdown was clean). */
  readonly recoveredDroppedBytes: number;

  constructor(options: InstanceOptions = {}) {
    this.shardCount = options.shardCount ?? 4;
    if (!Number.isInteger(this.shardCount) || this.shardCount < 1 || this.shardCount > 256) {
      throw new RangeError(`shardCount must be an integer from 1 to 256, got ${options.shardCount}`);
    }
    if (options.dataDir !== undefined) {
      const { wal, droppedBytes } = WriteAheadLog.open(options.dataDir, (entry) => this.apply(entry as LogEntry));
      this.wal = wal;
      this.recoveredDroppedBytes = droppedBytes;
    } else {
      this.recoveredDroppedBytes = 0;
    }
  }

  /** The table, or the service's 404. */
  table(name: string): Table {
    const table = this.tables.get(name);
    if (table === undefined) throw TablestoreServerError.tableNotExist(name);
    return table;
  }

  /** A fresh shard id (unique within the instance, also across restarts). */
  mintShardId(): string {
    this.shardCounter++;
    return `shard-${String(this.shardCounter).padStart(4, '0')}`;
  }

  /** A stream definition for a table whose stream is being enabled now. */
  newStream(tableName: string, expirationHours: number, nowUs: number): StreamDefinition {
    // Stream ids appear to be `<table>_<creation µs>` (spec 4.2, derived); a re-enable within the same µs is bumped.
    let creationTimeUs = nowUs;
    const previous = this.streams.get(tableName);
    if (previous !== undefined && previous.definition.creationTimeUs >= creationTimeUs) {
      creationTimeUs = previous.definition.creationTimeUs + 1;
    }
    return {
      streamId: `${tableName}_${creationTimeUs}`,
      tableName,
      creationTimeUs,
      expirationHours,
      shards: initialShards(this.shardCount, creationTimeUs, () => this.mintShardId()),
    };
  }

  /** Logs and applies an entry (durable after {@link sync}). */
  commit(entry: LogEntry): void {
    this.wal?.append(entry);
    this.apply(entry);
  }

  /** Makes every committed entry durable; the server calls it before answering a request that committed. */
  sync(): void {
    this.wal?.sync();
  }

  close(): void {
    this.wal?.close();
    this.wal = undefined;
  }

  /** Writes one resolved row change, with its stream record when the table has a stream. */
  commitRow(table: Table, change: RowChange, nowUs: number): void {
    const stream = this.streams.get(table.name);
    const entry: LogEntry = { op: 'row', table: table.name, change };
    if (stream !== undefined) entry.placement = stream.place(change, nowUs);
    this.commit(entry);
  }

  /** Drops stream records older than each stream's retention (not logged: replay re-derives it from the clock). */
  expireStreams(nowUs: number): void {
    for (const stream of this.streams.values()) stream.trim(nowUs - stream.expirationHours * 3600 * 1e6);
  }

  private apply(entry: LogEntry): void {
    switch (entry.op) {
      case 'createTable':
        this.tables.set(entry.table.name, new Table(entry.table));
        this.reserved.set(entry.table.name, {
          read: entry.table.reservedRead,
          write: entry.table.reservedWrite,
          lastIncreaseSec: Math.floor(entry.table.createdUs / 1e6),
        });
        if (entry.stream !== undefined) this.setStream(entry.table.name, entry.stream);
        return;
      case 'deleteTable':
        this.tables.delete(entry.name);
        this.streams.delete(entry.name);
        this.reserved.delete(entry.name);
        return;
      case 'updateTable': {
        const table = this.tables.get(entry.name);
        if (table === undefined) return;
        if (entry.options !== undefined) table.definition.options = entry.options;
        if (entry.reserved !== undefined) {
          const state = this.reserved.get(entry.name);
          if (state !== undefined) {
            const { read, write, atSec } = entry.reserved;
            if (read > state.read || write > state.write) state.lastIncreaseSec = atSec;
            if (read < state.read || write < state.write) state.lastDecreaseSec = atSec;
            state.read = read;
            state.write = write;
          }
        }
        if (entry.stream === null) this.streams.delete(entry.name);
        else if (entry.stream !== undefined) this.setStream(entry.name, entry.stream);
        return;
      }
      case 'row': {
        const table = this.tables.get(entry.table);
        if (table === undefined) return;
        table.apply(entry.change);
        if (entry.placement !== undefined) this.streams.get(entry.table)?.append(entry.change, entry.placement);
        return;
      }
      case 'lineage': {
        const stream = this.streams.get(entry.table);
        if (stream === undefined) return;
        for (const child of entry.children) this.noteShardId(child.shardId);
        stream.applyLineage(entry.children, entry.atUs);
        return;
      }
      case 'trim':
        for (const [name, stream] of this.streams) {
          if (entry.table === undefined || entry.table === name) stream.trim(entry.beforeUs);
        }
        return;
    }
  }

  private setStream(tableName: string, definition: StreamDefinition): void {
    for (const s of definition.shards) this.noteShardId(s.shardId);
    this.streams.set(tableName, new TableStream(definition));
  }

  private noteShardId(shardId: string): void {
    const n = Number(shardId.slice(shardId.lastIndexOf('-') + 1));
    if (Number.isInteger(n) && n > this.shardCounter) this.shardCounter = n;
  }
}

/** The service's 409 for CreateTable of an existing name. */
export function tableAlreadyExists(name: string): TablestoreServerError {
  return new TablestoreServerError('OTSObjectAlreadyExist', TABLESTORE_ERROR_MESSAGES.tableAlreadyExist, { name });
}
