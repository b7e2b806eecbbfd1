/** Finding streams and shards by id for the stream operations. */
import { TablestoreServerError } from '../errors';
import type { Instance } from '../store/instance';
import type { TableStream } from '../stream/stream';

/** The stream with this id, after expiring its old records; undefined when no table has it. */
export function findStream(instance: Instance, streamId: string, nowUs: number): TableStream | undefined {
  for (const stream of instance.streams.values()) {
    if (stream.streamId === streamId) {
      stream.trim(nowUs - stream.expirationHours * 3600 * 1e6);
      return stream;
    }
  }
  return undefined;
}

/**
 * @throws TablestoreServerError `OTSObjectNotExist` (404) for an unknown stream id (code UNCONFIRMED, spec 2.3).
 */
export function requireStream(instance: Instance, streamId: string, nowUs: number): TableStream {
  const stream = findStream(instance, streamId, nowUs);
  if (stream === undefined) {
    throw new TablestoreServerError('OTSObjectNotExist', 'Requested stream does not exist.', { streamId });
  }
  return stream;
}
