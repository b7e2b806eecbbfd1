/**
 * GetShardIterator — https://help.aliyun.com/en/tablestore/table-store-service/developer-reference/getsharditerator
 *
 * Supported: the oldest retained record ("trim horizon") without `timestamp`; with `timestamp` (µs) the first record
 * committed at or after it, or the oldest retained one when that time is already trimmed (UNCONFIRMED: the lenient
 * choice). The final iterator comes at once: no `next_token` is ever returned and a `token` is ignored.
 */
import type { GetShardIteratorRequest, GetShardIteratorResponse } from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import { encodeIterator } from '../stream/iterator';
import type { Handler } from './context';
import { requireStream } from './stream-lookup';

export const getShardIterator: Handler<GetShardIteratorRequest, GetShardIteratorResponse> = (
  request,
  { instance, nowUs },
) => {
  const stream = requireStream(instance, request.streamId, nowUs);
  const shard = stream.shard(request.shardId);
  if (shard === undefined) {
    throw new TablestoreServerError('OTSObjectNotExist', 'Requested shard does not exist.', {
      shardId: request.shardId,
    });
  }
  let position = shard.base;
  if (request.timestamp !== undefined) {
    if (request.timestamp < 0n) throw TablestoreServerError.invalid(`Invalid timestamp: ${request.timestamp}.`);
    position = request.timestamp > BigInt(Number.MAX_SAFE_INTEGER) ? shard.end : shard.seek(Number(request.timestamp));
  }
  return { shardIterator: encodeIterator({ streamId: stream.streamId, shardId: shard.id, position }) };
};
