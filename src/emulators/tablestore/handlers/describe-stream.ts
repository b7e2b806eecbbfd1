/**
 * DescribeStream — https://alibabacloud.com/help/en/tablestore/developer-reference/describestream
 *
 * Supported: stream metadata (status always ACTIVE) and shards in creation order with lineage, paged by
 * `shard_limit` (default: all shards) and `inclusive_start_shard_id`; `next_shard_id` is the first shard of the next
 * page and is absent on the last one (spec 4.4). Listed: open shards and closed ones still holding retained data.
 * A start shard trimmed away since the previous page resumes at the next younger shard.
 */
import {
  StreamStatus,
  type DescribeStreamRequest,
  type DescribeStreamResponse,
  type StreamShard,
} from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import type { Handler } from './context';
import { requireStream } from './stream-lookup';

export const describeStream: Handler<DescribeStreamRequest, DescribeStreamResponse> = (
  request,
  { instance, nowUs },
) => {
  const stream = requireStream(instance, request.streamId, nowUs);
  if (request.shardLimit !== undefined && request.shardLimit <= 0) {
    throw TablestoreServerError.invalid(`Invalid shard limit: ${request.shardLimit}.`);
  }
  const shards = stream.shards;
  let start = 0;
  if (request.inclusiveStartShardId !== undefined && request.inclusiveStartShardId !== '') {
    const wanted = shardNumber(request.inclusiveStartShardId);
    if (wanted === undefined) {
      throw TablestoreServerError.invalid(`Invalid shard id: ${request.inclusiveStartShardId}.`);
    }
    // Shard ids carry their creation number, so paging survives a shard trimmed between two pages.
    start = shards.findIndex((s) => (shardNumber(s.id) ?? 0) >= wanted);
    if (start < 0) start = shards.length;
  }
  const end = request.shardLimit === undefined ? shards.length : Math.min(shards.length, start + request.shardLimit);
  const page = shards.slice(start, end).map((s): StreamShard => {
    const d = s.definition;
    return {
      shardId: s.id,
      ...(d.parentId === undefined ? {} : { parentId: d.parentId }),
      ...(d.parentSiblingId === undefined ? {} : { parentSiblingId: d.parentSiblingId }),
    };
  });
  const response: DescribeStreamResponse = {
    streamId: stream.streamId,
    expirationTime: stream.expirationHours,
    tableName: stream.definition.tableName,
    creationTime: BigInt(stream.definition.creationTimeUs),
    streamStatus: StreamStatus.STREAM_ACTIVE,
    shards: page,
  };
  const next = shards[end];
  if (next !== undefined) response.nextShardId = next.id;
  return response;
};

function shardNumber(shardId: string): number | undefined {
  const match = /^shard-(\d{1,9})$/.exec(shardId);
  return match === null ? undefined : Number(match[1]);
}
