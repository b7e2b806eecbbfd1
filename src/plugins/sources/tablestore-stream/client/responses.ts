/**
 * Protobuf response objects → the client's public shapes. Kept apart from the client so that each mapping states
 * its protocol rule once (absent vs empty fields, units).
 */
import {
  PrimaryKeyType,
  StreamStatus,
  type ConsumedCapacity,
  type DescribeStreamResponse,
  type DescribeTableResponse,
  type StreamShard as StreamShardMessage,
} from '../../../../tablestore';
import { StreamProtocolError } from './errors';
import type {
  CapacityUnits,
  PrimaryKeyTypeName,
  StreamDescriptionPage,
  StreamShard,
  StreamStatusName,
  TableDescription,
} from './types';

const PK_TYPES: Readonly<Record<number, PrimaryKeyTypeName>> = {
  [PrimaryKeyType.INTEGER]: 'INTEGER',
  [PrimaryKeyType.STRING]: 'STRING',
  [PrimaryKeyType.BINARY]: 'BINARY',
};

/** Capacity units; a number the service left out counts as 0 (the Go SDK would crash, we need not). */
export function toCapacityUnits(consumed: ConsumedCapacity | undefined): CapacityUnits | undefined {
  if (consumed === undefined) return undefined;
  return { read: consumed.capacityUnit.read ?? 0, write: consumed.capacityUnit.write ?? 0 };
}

/** A shard; empty lineage ids count as absent, as the Java SDK's getters return them. */
export function toStreamShard(shard: StreamShardMessage): StreamShard {
  const out: StreamShard = { shardId: shard.shardId };
  if (shard.parentId !== undefined && shard.parentId !== '') out.parentId = shard.parentId;
  if (shard.parentSiblingId !== undefined && shard.parentSiblingId !== '') out.parentSiblingId = shard.parentSiblingId;
  return out;
}

/** One DescribeStream page. An empty `next_shard_id` ends paging like an absent one: it cannot name a shard. */
export function toStreamDescriptionPage(response: DescribeStreamResponse): StreamDescriptionPage {
  const status: StreamStatusName = response.streamStatus === StreamStatus.STREAM_ENABLING ? 'ENABLING' : 'ACTIVE';
  const page: StreamDescriptionPage = {
    streamId: response.streamId,
    tableName: response.tableName,
    expirationTimeHours: response.expirationTime,
    creationTime: response.creationTime,
    status,
    shards: response.shards.map(toStreamShard),
  };
  if (response.nextShardId !== undefined && response.nextShardId !== '') page.nextShardId = response.nextShardId;
  return page;
}

function primaryKeyType(table: string, column: string, type: number): PrimaryKeyTypeName {
  const name = PK_TYPES[type];
  if (name === undefined) {
    throw new StreamProtocolError('DescribeTable', `table '${table}' column '${column}' has unknown key type ${type}.`);
  }
  return name;
}

/** The parts of DescribeTable the sync uses. */
export function toTableDescription(response: DescribeTableResponse): TableDescription {
  const meta = response.tableMeta;
  const details = response.streamDetails;
  const description: TableDescription = {
    tableName: meta.tableName,
    primaryKey: (meta.primaryKey ?? []).map((column) => ({
      name: column.name,
      type: primaryKeyType(meta.tableName, column.name, column.type),
      autoIncrement: column.option !== undefined,
    })),
    stream: {
      enabled: details?.enableStream ?? false,
      columnsToGet: details?.columnsToGet ?? [],
    },
  };
  if (response.tableOptions.timeToLive !== undefined) description.timeToLive = response.tableOptions.timeToLive;
  if (response.tableOptions.maxVersions !== undefined) description.maxVersions = response.tableOptions.maxVersions;
  if (details?.streamId !== undefined && details.streamId !== '') description.stream.streamId = details.streamId;
  if (details?.expirationTime !== undefined) description.stream.expirationTimeHours = details.expirationTime;
  if (details?.lastEnableTime !== undefined) description.stream.lastEnableTime = details.lastEnableTime;
  return description;
}
