/**
 * External document versions from the stream sequence (otsync extension `externalVersioning`).
 *
 * version = timestampUs × 1024 + rowIndex
 *
 * - Monotonic in log order: within a shard the log is ordered by (epoch, timestamp, rowIndex), and a commit's
 *   rows share one timestamp and differ in rowIndex, so as long as rowIndex < 1024 a later change of a key gets a
 *   larger number. rowIndex is the row's position inside one commit; a Tablestore commit holds at most 200 rows
 *   (BatchWriteRow's limit), so 1024 leaves room (unconfirmed: no document states rowIndex's bound; a larger value
 *   fails loudly with {@link ElasticsearchVersionError} instead of risking a misordered write).
 * - Fits Elasticsearch's version range [0, 2^63 − 1]: the largest timestamp allowed is 2^53 − 1 µs (year 2255),
 *   and (2^53 − 1) × 1024 + 1023 = 2^63 − 1 exactly. Today's timestamps (≈1.8 × 10^15 µs) give ≈1.8 × 10^18.
 * - The epoch is not part of the number (it does not fit). Ordering by timestamp assumes commit times of one key
 *   never go back across an epoch change; Tablestore documents the epoch as the tie-breaker for clock differences
 *   (unconfirmed how large they can be). Within one batch the fold orders by the full (epoch, timestamp, rowIndex)
 *   and uses the largest version of the folded changes, so a batch never writes a smaller number than it read.
 */
import type { ChangeSequence } from '../../types';
import { ElasticsearchVersionError } from './errors';

export const ROW_INDEX_LIMIT = 1024;
/** Largest commit time (µs) a version can encode: 2^53 − 1, year 2255. */
export const MAX_TIMESTAMP_US = (2n ** 63n - 1n) / BigInt(ROW_INDEX_LIMIT);

/** The external version of a change. @throws ElasticsearchVersionError outside the encodable range. */
export function sequenceVersion(seq: ChangeSequence): bigint {
  if (!Number.isInteger(seq.rowIndex) || seq.rowIndex < 0 || seq.rowIndex >= ROW_INDEX_LIMIT) {
    throw new ElasticsearchVersionError(
      `a change on shard ${seq.shardId} has row index ${seq.rowIndex}; external versions allow 0–${ROW_INDEX_LIMIT - 1}`,
    );
  }
  if (seq.timestampUs < 0n || seq.timestampUs > MAX_TIMESTAMP_US) {
    throw new ElasticsearchVersionError(
      `a change on shard ${seq.shardId} has commit time ${seq.timestampUs} µs, outside what an external version can encode`,
    );
  }
  return seq.timestampUs * BigInt(ROW_INDEX_LIMIT) + BigInt(seq.rowIndex);
}

/** Log order of two changes: epoch, then commit time, then row index. */
export function compareSequence(a: ChangeSequence, b: ChangeSequence): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (a.timestampUs !== b.timestampUs) return a.timestampUs < b.timestampUs ? -1 : 1;
  return a.rowIndex - b.rowIndex;
}
