/**
 * The MaxCompute (ODPS) Tunnel protocol core, shared by the MaxCompute writer and the local MaxCompute server
 * (`src/emulators/maxcompute/`): column types, the record stream format with its CRC-32C checksums, request
 * signatures and partition specs. Behaviour follows ../shared/spec/maxcompute-tunnel.md; section numbers in comments
 * refer to it.
 *
 * This folder does no network I/O and no compression (block bodies may be zlib-`deflate`d with node:zlib, §4.7).
 *
 * @example
 * ```ts
 * import { RecordStreamWriter, decodeRecordStream, canonicalString, signClassic, authorizationHeader } from '../maxcompute';
 *
 * const columns = session.Schema.columns; // [{ name: 'id', type: 'bigint' }, { name: 'name', type: 'string' }]
 * const writer = new RecordStreamWriter(columns);
 * writer.write([1n, 'abc']);
 * writer.write([-1n]); // trailing NULL
 * const body = writer.finish(); // records + footer: one block for PUT ...?uploadid=..&blockid=0
 *
 * const headers = { date: new Date().toUTCString(), 'content-type': 'application/octet-stream', 'x-odps-tunnel-version': '6' };
 * const canonical = canonicalString({ method: 'PUT', resource: '/projects/p/tables/t', query: [['blockid', '0'], ['uploadid', id]], headers });
 * const authorization = authorizationHeader(accessKeyId, signClassic(canonical, accessKeySecret));
 *
 * // Server side: validate and decode a block (throws RecordStreamError with code MalformedDataStream / CorruptedDataStream).
 * const rows = decodeRecordStream(body, columns); // [[1n, 'abc'], [-1n, null]]
 * ```
 */

export {
  PartitionSpecError,
  RecordStreamError,
  RecordValueError,
  UnsupportedTypeError,
  type RecordStreamErrorCode,
} from './errors';
export { WIRE_TYPE, parseTypeName, wireKindOf, type TunnelColumn, type TunnelValue, type WireKind } from './types';
export { Crc32c, crc32c } from './crc32c';
export { END_RECORD_FIELD, META_CHECKSUM_FIELD, META_COUNT_FIELD } from './wire';
export { RecordStreamWriter } from './record-writer';
export { decodeRecordStream } from './record-decoder';
export {
  authorizationHeader,
  canonicalString,
  parseAuthorization,
  signClassic,
  signV4,
  type SignableRequest,
} from './signing';
export { normalizePartitionSpec, parsePartitionSpec } from './partition-spec';
