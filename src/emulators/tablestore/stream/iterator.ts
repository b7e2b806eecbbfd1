/**
 * Shard iterators: opaque ASCII strings (base64url, spec 4.2: the Java SDK keeps them in a `String`) naming a
 * stream, a shard and an absolute record position. They are durable positions, not leases (spec 4.5): any iterator
 * stays valid until its position is trimmed.
 */
import { TablestoreServerError } from '../errors';

export interface IteratorPosition {
  streamId: string;
  shardId: string;
  position: number;
}

const VERSION = 'i1';

export function encodeIterator(p: IteratorPosition): string {
  return Buffer.from(`${VERSION}\n${p.streamId}\n${p.shardId}\n${p.position}`, 'utf8').toString('base64url');
}

/**
 * @throws TablestoreServerError `OTSParameterInvalid` for a string this server did not mint (wording UNCONFIRMED;
 *   the service's message for a bad stream id starts "Invalid stream id", spec 2.3).
 */
export function decodeIterator(text: string): IteratorPosition {
  const invalid = () => TablestoreServerError.invalid('Invalid stream id or shard iterator.');
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(text)) throw invalid();
  const parts = Buffer.from(text, 'base64url').toString('utf8').split('\n');
  if (parts.length !== 4 || parts[0] !== VERSION) throw invalid();
  const [, streamId, shardId, positionText] = parts as [string, string, string, string];
  const position = Number(positionText);
  if (streamId === '' || shardId === '' || !/^\d{1,15}$/.test(positionText) || !Number.isSafeInteger(position)) {
    throw invalid();
  }
  return { streamId, shardId, position };
}
