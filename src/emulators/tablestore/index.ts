/**
 * The local Tablestore server: speaks the Tablestore protocol (spec: ../shared/spec/tablestore-protocol.md) well
 * enough that the official Go, Java and npm SDKs use it unmodified, for tests and local runs. Tables with
 * multi-version cells, row APIs, streams with shards, lineage and retention, admin hooks for split/merge/trim and
 * fault injection, optional persistence. Production code never imports it; tests, scripts and `otsync local
 * tablestore` start it.
 *
 * @example
 * ```ts
 * import { createTablestoreServer } from '../src/emulators/tablestore';
 *
 * const server = await createTablestoreServer({ credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' }, shardCount: 4 });
 * // endpoint server.url, instance server.instanceName
 * server.admin.splitShard('orders', 'shard-0001');
 * await server.close();
 * ```
 */
export { createAdmin, type ShardInfo, type TablestoreAdmin } from './admin';
export { TablestoreServerError } from './errors';
export { FAULT_KINDS, type FaultKind, type FaultRule } from './faults';
export {
  createTablestoreServer,
  MAX_REQUEST_BYTES,
  type TablestoreServer,
  type TablestoreServerOptions,
} from './server';
