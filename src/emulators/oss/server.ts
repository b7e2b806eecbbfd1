/**
 * The local OSS server: HTTP plumbing around `routes.ts`. Per request: bucket and key resolved from Host and path
 * (spec 1.4), the operation chosen, the V1 or V4 signature checked, faults injected, the handler run, and the
 * answer sent with `x-oss-request-id` and the real service's headers; errors as `<Error>` XML, or for HEAD in
 * `x-oss-err` (spec 4.2). `GET /_admin/health` answers `ok` without a signature (`_admin` cannot be a bucket).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { resolveAddress, type Addressed } from './addressing';
import { authenticate } from './auth/authenticate';
import { encodeErrorXml, OssServerError, toServiceError } from './errors';
import { FaultInjector, type HttpFaultRule as OssFaultRule } from '../common/http-faults';
import type { OssResponse } from './handlers/context';
import { routeRequest } from './routes';
import { OssStore } from './store/oss-store';

/** Options of {@link createOssServer}. */
export interface OssServerOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Objects are stored on disk here and survive restarts. @default a fresh temp dir, removed on close() */
  dataDir?: string;
  /** The one AccessKey pair accepted. */
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** Buckets created at start if missing. @throws from createOssServer when a name is invalid. */
  buckets?: readonly string[];
  /** Reported by GetBucketInfo, Location and HostId. @default 'oss-cn-hangzhou' */
  region?: string;
  /** Receives unexpected errors and startup notes: one plain sentence plus fields, never a secret. @default silent */
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export interface OssServer {
  /** `http://127.0.0.1:<port>`: the SDKs' endpoint. */
  readonly url: string;
  readonly port: number;
  readonly region: string;
  readonly dataDir: string;
  /**
   * Fault injection for tests: the next `count` requests of `operation` (e.g. 'PutObject', 'UploadPart',
   * 'CompleteMultipartUpload', 'InitiateMultipartUpload', 'DeleteObject', 'ListObjects', or '*') fail with this
   * status/code (default 503 ServiceUnavailable), or, with `hang: true`, never answer until close.
   */
  injectFault(rule: OssFaultRule): void;
  clearFaults(): void;
  /** Stops listening, drops open connections (hung ones too) and removes a temp data dir. Idempotent. */
  close(): Promise<void>;
}

/** 24 upper-case hex characters, like the real service's request ids. */
function newRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

/**
 * Starts a server.
 * @throws Error when credentials are missing or the port cannot be bound; OssServerError InvalidBucketName for a
 *   bad name in `buckets`.
 */
export async function createOssServer(options: OssServerOptions): Promise<OssServer> {
  const { credentials } = options;
  if (!credentials?.accessKeyId || !credentials.accessKeySecret) {
    throw new Error('createOssServer needs an AccessKey pair (credentials.accessKeyId and accessKeySecret).');
  }
  const region = options.region ?? 'oss-cn-hangzhou';
  const log = options.log ?? (() => undefined);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'otsync-oss-')));
  const store = await OssStore.open(dataDir);
  for (const bucket of options.buckets ?? []) await store.createBucket(bucket);
  const faults = new FaultInjector();
  const listenHost = options.host ?? '127.0.0.1';
  // Host names that mean path style besides IP literals and localhost: the one we listen on, if it is a name.
  const ownHosts = new Set([listenHost.toLowerCase()]);

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    let address: Addressed | undefined;
    let operation = 'Unknown';
    try {
      address = resolveAddress(req.url ?? '/', req.headers.host, ownHosts);
      if (address.pathStyle && address.bucket === '_admin') {
        const healthy = address.key === 'health' && (method === 'GET' || method === 'HEAD');
        send(res, method, requestId, {
          status: healthy ? 200 : 404,
          headers: { 'content-type': 'text/plain' },
          body: healthy ? 'ok' : 'not found',
        });
        return;
      }
      const route = routeRequest(method, address, req.headers);
      operation = route.operation;
      authenticate(
        { method, bucket: address.bucket, key: address.key, query: address.query, headers: req.headers },
        credentials,
      );
      const fault = faults.take(operation);
      if (fault?.hang) {
        // Never answered; close() drops the connection.
        req.resume();
        return;
      }
      if (fault !== undefined) throw OssServerError.injected(fault.status ?? 503, fault.code ?? 'ServiceUnavailable');
      const response = await route.handler({
        req,
        headers: req.headers,
        bucketName: address.bucket ?? '',
        key: address.key,
        query: address.query,
        store,
        region,
      });
      await send(res, method, requestId, response);
    } catch (err) {
      const error = toServiceError(err);
      if (!(err instanceof OssServerError)) {
        log('Answered an unexpected error as InternalError.', {
          operation,
          requestId,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      // Whatever body the client is still sending is read and dropped, so the connection stays usable.
      req.resume();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const bucket = address?.bucket;
      const hostId = bucket === undefined ? `${region}.aliyuncs.com` : `${bucket}.${region}.aliyuncs.com`;
      const xml = encodeErrorXml(error, requestId, hostId);
      const headers: Record<string, string | number> = { ...error.headers, 'x-oss-ec': error.ec };
      if (method === 'HEAD') {
        await send(res, method, requestId, {
          status: error.status,
          headers: { ...headers, 'x-oss-err': Buffer.from(xml).toString('base64'), 'content-length': 0 },
        });
      } else {
        await send(res, method, requestId, {
          status: error.status,
          headers: { ...headers, 'content-type': 'application/xml' },
          body: xml,
        });
      }
    }
  }

  const server = http.createServer((req, res) => {
    void serve(req, res).catch((err: unknown) => {
      log('Failed to answer a request.', { error: err instanceof Error ? err.message : String(err) });
      res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log('Local OSS server listening.', { url: `http://${host}:${address.port}`, dataDir, buckets: store.bucketNames() });
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    region,
    dataDir,
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(async () => {
        if (ownsDataDir) await fs.rm(dataDir, { recursive: true, force: true });
      });
      return closed;
    },
  };
}

async function send(res: http.ServerResponse, method: string, requestId: string, response: OssResponse): Promise<void> {
  const headers: Record<string, string | number> = {
    server: 'AliyunOSS',
    'x-oss-request-id': requestId,
    ...response.headers,
  };
  const { body } = response;
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) {
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body);
    headers['content-length'] ??= bytes.length;
    res.writeHead(response.status, headers);
    res.end(method === 'HEAD' ? undefined : bytes);
    return;
  }
  res.writeHead(response.status, headers);
  if (method === 'HEAD') {
    body.destroy();
    res.end();
    return;
  }
  await pipeline(body as Readable, res).catch(() => res.destroy());
}
