/**
 * The local OSS server: speaks the OSS protocol (spec: ../shared/spec/oss-protocol.md) well enough that the
 * official SDKs, npm `ali-oss` and Python `oss2`, use it unmodified, for tests and local runs. Virtual-hosted and
 * path-style addressing, V1 and V4 signatures, objects (put, get with ranges, head, delete, batch delete, list V1
 * and V2, append, copy), multipart uploads, buckets, CRC-64 on every write, objects on disk that survive restarts,
 * and fault injection. Production code never imports it; tests, scripts and `otsync local oss` start it.
 *
 * @example
 * ```ts
 * import OSS from 'ali-oss';
 * import { createOssServer } from '../src/emulators/oss';
 *
 * const server = await createOssServer({ credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' }, buckets: ['logs'] });
 * const client = new OSS({ endpoint: server.url, region: server.region, bucket: 'logs', accessKeyId: 'ak', accessKeySecret: 'sk' });
 * await client.put('a.txt', Buffer.from('hello'));
 * server.injectFault({ operation: 'PutObject', count: 2 }); // the next two puts get 503 ServiceUnavailable
 * await server.close();
 * ```
 */
export { OssServerError, OSS_ERROR_CODES, type OssErrorCode } from './errors';
export type { HttpFaultRule as OssFaultRule } from '../common/http-faults';
export { crc64, Crc64 } from './crc64';
export { createOssServer, type OssServer, type OssServerOptions } from './server';
