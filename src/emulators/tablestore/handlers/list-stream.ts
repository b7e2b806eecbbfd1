/**
 * ListStream — https://www.alibabacloud.com/help/en/tablestore/table-store-service/developer-reference/liststream
 *
 * Supported in full: every enabled stream of the instance, or of one table. A table whose stream is disabled
 * lists none; a missing table is 404 `OTSObjectNotExist` (both UNCONFIRMED, spec 4.3). Disabled streams are not
 * kept.
 */
import type { ListStreamRequest, ListStreamResponse } from '../../../tablestore';
import type { Handler } from './context';

export const listStream: Handler<ListStreamRequest, ListStreamResponse> = (request, { instance }) => {
  if (request.tableName !== undefined) instance.table(request.tableName);
  const streams = [...instance.streams.values()]
    .filter((s) => request.tableName === undefined || s.definition.tableName === request.tableName)
    .sort((a, b) => (a.definition.tableName < b.definition.tableName ? -1 : 1));
  return {
    streams: streams.map((s) => ({
      streamId: s.streamId,
      tableName: s.definition.tableName,
      creationTime: BigInt(s.definition.creationTimeUs),
    })),
  };
};
