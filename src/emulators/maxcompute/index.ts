/**
 * The local MaxCompute server: speaks the MaxCompute (ODPS) REST and Tunnel protocols (spec:
 * ../shared/spec/maxcompute-tunnel.md) well enough that the MaxCompute writer and the official SDKs use it
 * unmodified, for tests and local runs. One HTTP server: REST under `/api` (projects, table metadata, partitions,
 * SQL instances running a DDL subset, tunnel discovery), the Tunnel at the root (batch upload sessions with
 * validated blocks, atomic append/overwrite commits, download sessions), classic and V4 signatures, committed data
 * and open sessions on disk that survive restarts, and fault injection. Production code never imports it; tests,
 * scripts and `otsync local maxcompute` start it.
 *
 * @example
 * ```ts
 * import { createMaxComputeServer } from '../src/emulators/maxcompute';
 *
 * const server = await createMaxComputeServer({ credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' }, projects: ['demo'] });
 * await server.sql('demo', 'CREATE TABLE orders (id BIGINT, name STRING) PARTITIONED BY (pt STRING)');
 * await server.sql('demo', "ALTER TABLE orders ADD IF NOT EXISTS PARTITION (pt='20250101')");
 * // a job's odpsServer: server.endpoint (`http://127.0.0.1:<port>/api`), tunnelServer: server.tunnelEndpoint
 * server.injectFault({ operation: 'UploadBlock', count: 2 }); // the next two block PUTs get 503 ServiceUnavailable
 * const rows = await server.rows('demo', 'orders', 'pt=20250101'); // committed rows, e.g. [[1n, 'a']]
 * await server.close();
 * ```
 */
export { MaxComputeServerError, MAXCOMPUTE_ERROR_CODES, type MaxComputeErrorCode } from './errors';
export type { HttpFaultRule as MaxComputeFaultRule } from '../common/http-faults';
export { createMaxComputeServer, type MaxComputeServer, type MaxComputeServerOptions } from './server';
