/**
 * GetStreamRecord — https://help.aliyun.com/en/tablestore/developer-reference/getstreamrecord
 *
 * Supported: `limit` (default 1000, larger values are capped at 1000: the service's maximum is UNCONFIRMED),
 * pages stop early at ~4 MB. `next_shard_iterator` (spec 4.7): present with records = more may follow; present
 * without records = caught up on an open shard (the same iterator comes back); absent = the shard is closed and
 * this page holds its last records. `may_more_record` says whether more records are readable right now.
 * A position that was trimmed, or that belongs to a stream that was disabled or whose table was deleted, fails with
 * `OTSTrimmedDataAccess` (spec 2.3). `table_name` is ignored.
 */
import type { GetStreamRecordRequest, GetStreamRecordResponse, StreamRecord } from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import { decodeIterator, encodeIterator } from '../stream/iterator';
import type { Handler } from './context';
import { findStream } from './stream-lookup';

export const DEFAULT_RECORD_LIMIT = 1000;
const MAX_RECORD_LIMIT = 1000;
const MAX_PAGE_BYTES = 4 * 1024 * 1024;

export const getStreamRecord: Handler<GetStreamRecordRequest, GetStreamRecordResponse> = (
  request,
  { instance, nowUs },
) => {
  const at = decodeIterator(request.shardIterator);
  if (request.limit !== undefined && request.limit <= 0) {
    throw TablestoreServerError.invalid(`Invalid limit: ${request.limit}, it must be greater than 0.`);
  }
  const stream = findStream(instance, at.streamId, nowUs);
  const shard = stream?.shard(at.shardId);
  if (stream === undefined || shard === undefined || at.position < shard.base) {
    throw TablestoreServerError.trimmed({ streamId: at.streamId, shardId: at.shardId, position: at.position });
  }
  if (at.position > shard.end) throw TablestoreServerError.invalid('Invalid stream id or shard iterator.');
  const limit = Math.min(request.limit ?? DEFAULT_RECORD_LIMIT, MAX_RECORD_LIMIT);
  const records: StreamRecord[] = [];
  let bytes = 0;
  let position = at.position;
  while (position < shard.end && records.length < limit && bytes < MAX_PAGE_BYTES) {
    const stored = shard.records[position - shard.base];
    if (stored === undefined) break;
    records.push({ actionType: stored.actionType, record: stored.record });
    bytes += stored.record.length;
    position++;
  }
  const response: GetStreamRecordResponse = {
    streamRecords: records,
    consumed: { capacityUnit: { read: Math.max(1, Math.ceil(bytes / 4096)), write: 0 } },
    mayMoreRecord: position < shard.end,
  };
  const finished = !shard.isOpen && position >= shard.end;
  if (!finished) {
    response.nextShardIterator =
      position === at.position
        ? request.shardIterator
        : encodeIterator({ streamId: stream.streamId, shardId: shard.id, position });
  }
  return response;
};
