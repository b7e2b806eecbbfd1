/**
 * The TypeScript side of the stream conformance check: reads a table's whole stream with otsync's own
 * `TablestoreStreamClient`, by exactly the algorithm the Go and Java clients use (README.md, `read-stream`), and
 * prints records in the same normalized format, so the three outputs compare as parsed objects.
 */
import { type ChangeCell, TablestoreStreamClient } from '../../src/plugins/sources/tablestore-stream/client';
import { lineageOrder } from '../emulators/tablestore/stream-reader';
import type { AttributeValue, PrimaryKeyColumn } from '../../src/tablestore';
import type {
  NormalizedPrimaryKeyColumn,
  NormalizedType,
  NormalizedValue,
  StreamRecordCell,
  StreamRecordLine,
} from './format';

export interface ReaderTarget {
  endpoint: string;
  instanceName: string;
  accessKeyId: string;
  accessKeySecret: string;
  tableName: string;
  /** `limit` of GetStreamRecord; unset sends none, as the Go/Java clients do without OTS_STREAM_RECORD_LIMIT. */
  limit?: number;
}

function normalizeValue(value: AttributeValue | PrimaryKeyColumn['value']): {
  type: NormalizedType;
  value: NormalizedValue;
} {
  if (typeof value === 'bigint') return { type: 'INTEGER', value: value.toString() };
  if (typeof value === 'string') return { type: 'STRING', value };
  if (typeof value === 'boolean') return { type: 'BOOLEAN', value };
  if (typeof value === 'number') {
    return {
      type: 'DOUBLE',
      value: Number.isFinite(value) ? value : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity',
    };
  }
  if (value instanceof Uint8Array) return { type: 'BINARY', value: Buffer.from(value).toString('base64') };
  return { type: value.special, value: null };
}

function normalizeCell(cell: ChangeCell): StreamRecordCell {
  switch (cell.operation) {
    case 'PUT': {
      const { type, value } = normalizeValue(cell.value);
      return { name: cell.name, type, value, timestamp: cell.timestamp.toString(), op: 'PUT' };
    }
    case 'DELETE_ONE_VERSION':
      return {
        name: cell.name,
        type: null,
        value: null,
        timestamp: cell.timestamp.toString(),
        op: 'DELETE_ONE_VERSION',
      };
    case 'DELETE_ALL_VERSIONS':
      return { name: cell.name, type: null, value: null, timestamp: null, op: 'DELETE_ALL_VERSIONS' };
  }
}

export async function readStreamNormalized(target: ReaderTarget): Promise<StreamRecordLine[]> {
  const client = new TablestoreStreamClient({
    endpoint: target.endpoint,
    instanceName: target.instanceName,
    credentials: { accessKeyId: target.accessKeyId, accessKeySecret: target.accessKeySecret },
  });
  try {
    const streams = await client.listStream({ tableName: target.tableName });
    if (streams.length !== 1) throw new Error(`expected one stream for ${target.tableName}, got ${streams.length}`);
    const description = await client.describeStreamAllPages(streams[0]!.streamId);
    const lines: StreamRecordLine[] = [];
    for (const shard of lineageOrder(description.shards)) {
      let iterator = (await client.getShardIterator({ streamId: description.streamId, shardId: shard.shardId }))
        .shardIterator;
      for (;;) {
        const page = await client.getStreamRecord({
          shardIterator: iterator,
          ...(target.limit ? { limit: target.limit } : {}),
        });
        for (const record of page.records) {
          lines.push({
            shardId: shard.shardId,
            action: record.action,
            primaryKey: record.primaryKey.map((c): NormalizedPrimaryKeyColumn => ({
              name: c.name,
              ...normalizeValue(c.value),
            })),
            columns: record.action === 'DELETE' ? [] : record.cells.map(normalizeCell),
            sequence: {
              epoch: record.sequence.epoch,
              timestamp: record.sequence.timestamp.toString(),
              rowIndex: record.sequence.rowIndex,
            },
          });
        }
        const next = page.nextShardIterator;
        if (next === undefined || next === '') break; // closed and fully read
        if (page.records.length === 0) break; // caught up on an open shard
        if (next === iterator) throw new Error(`shard ${shard.shardId}: records with an unchanged iterator`);
        iterator = next;
      }
    }
    return lines;
  } finally {
    client.close();
  }
}
