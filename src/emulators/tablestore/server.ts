/**
 * The local Tablestore server: HTTP plumbing around `routes.ts`. Per request: POST only (405), body at most 5 MB
 * (413), signature, body MD5 and instance checked (403 / 400, spec 1.3), faults injected, the operation dispatched,
 * the answer sent with exactly the `x-ots-*` headers the real service sends and signed with the caller's key
 * (spec 1.4–1.5: the Java and Python SDKs verify it). Admin routes live under `/_admin/` (see `admin.ts`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  authenticateRequest,
  buildResponseHeaders,
  headerValue,
  TABLESTORE_ERROR_MESSAGES,
  TablestoreError,
  type AuthenticatedRequest,
  type Credentials,
} from '../../tablestore';
import { createAdmin, handleAdminRequest, type TablestoreAdmin } from './admin';
import { encodeServiceError, TablestoreServerError, toServiceError } from './errors';
import { FaultInjector } from './faults';
import { dispatch } from './routes';
import { Instance, nowMicros } from './store/instance';

/** Largest request body accepted (spec 5.4: 413 above 5 MB). */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** Options of {@link createTablestoreServer}. */
export interface TablestoreServerOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** The one instance served; requests naming another get 403 "The instance is not found.". @default 'otsync' */
  instanceName?: string;
  /** AccessKey pairs accepted (at least one). */
  credentials:
    Pick<Credentials, 'accessKeyId' | 'accessKeySecret'> | Pick<Credentials, 'accessKeyId' | 'accessKeySecret'>[];
  /** Keep tables and streams here across restarts (a write-ahead log). @default in memory only */
  dataDir?: string;
  /** Shards of each new stream. @default 4 */
  shardCount?: number;
  /**
   * Receives unexpected errors (answered as OTSInternalServerError) and startup notes: one plain sentence plus
   * fields, never a secret. @default silent
   */
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export interface TablestoreServer {
  /** `http://127.0.0.1:<port>`: the SDKs' endpoint. */
  readonly url: string;
  readonly port: number;
  readonly instanceName: string;
  /** The accepted AccessKey pairs. */
  readonly credentials: readonly Pick<Credentials, 'accessKeyId' | 'accessKeySecret'>[];
  readonly admin: TablestoreAdmin;
  /** Stops listening, drops open connections and closes the log. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a server.
 * @throws Error when no credentials are given, the shard count is out of range, or the port cannot be bound.
 */
export async function createTablestoreServer(options: TablestoreServerOptions): Promise<TablestoreServer> {
  const credentials = Array.isArray(options.credentials) ? [...options.credentials] : [options.credentials];
  if (credentials.length === 0) throw new Error('createTablestoreServer needs at least one AccessKey pair.');
  const secrets = new Map(credentials.map((c) => [c.accessKeyId, c.accessKeySecret]));
  const instanceName = options.instanceName ?? 'otsync';
  const log = options.log ?? (() => undefined);
  const instance = new Instance({
    ...(options.shardCount === undefined ? {} : { shardCount: options.shardCount }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  });
  if (instance.recoveredDroppedBytes > 0) {
    log('Dropped a torn tail of the write-ahead log while recovering.', { bytes: instance.recoveredDroppedBytes });
  }
  const faults = new FaultInjector();
  const admin = createAdmin(instance, faults);

  const server = http.createServer((req, res) => {
    void serve(req, res).catch((err: unknown) => {
      log('Failed to answer a request.', { error: err instanceof Error ? err.message : String(err) });
      res.destroy();
    });
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const action = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
    const body = await readBody(req);
    if (url.pathname.startsWith('/_admin/')) {
      const answer =
        body === undefined
          ? {
              status: 413,
              body: '{"error":{"code":"OTSRequestBodyTooLarge","message":"The size of POST data is too large."}}',
            }
          : handleAdminRequest(admin, req.method ?? '', url, body);
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer.body),
      });
      res.end(answer.body);
      return;
    }
    let auth: AuthenticatedRequest | undefined;
    try {
      if (req.method !== 'POST') {
        throw new TablestoreServerError('OTSMethodNotAllowed', TABLESTORE_ERROR_MESSAGES.methodNotAllowed);
      }
      if (body === undefined) {
        throw new TablestoreServerError('OTSRequestBodyTooLarge', TABLESTORE_ERROR_MESSAGES.requestBodyTooLarge);
      }
      auth = authenticateRequest({ action, headers: req.headers, body, lookupSecret: (id) => secrets.get(id) });
      if (auth.instanceName !== instanceName) {
        const rejected = auth;
        auth = undefined;
        throw new TablestoreServerError('OTSAuthFailed', TABLESTORE_ERROR_MESSAGES.instanceNotFound, {
          instanceName: rejected.instanceName,
        });
      }
      if (headerValue(req.headers, 'x-ots-request-compress-type') !== undefined) {
        // Optional in the protocol and off by default in the Java SDK (spec 1.7).
        throw TablestoreServerError.invalid(
          'Unsupported feature: request compression is not supported by this server.',
        );
      }
      const fault = faults.decide(action);
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.badGateway) {
        res.writeHead(502, { 'content-type': 'text/html', connection: 'close' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      }
      if (fault.error !== undefined) throw fault.error;
      let answer: Uint8Array;
      try {
        answer = dispatch(action, body, { instance, nowMs: Date.now(), nowUs: nowMicros() });
      } finally {
        // Whatever was committed, even by a request that then failed, is durable before anyone hears of it.
        instance.sync();
      }
      send(res, 200, action, answer, auth);
    } catch (err) {
      const error = toServiceError(err);
      if (!(err instanceof TablestoreError)) {
        log('Answered an unexpected error as OTSInternalServerError.', {
          action,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      const { status, body: errorBody } = encodeServiceError(error);
      // Unauthenticated errors carry no authorization header (spec 1.4).
      send(res, status, action, errorBody, error.code === 'OTSAuthFailed' ? undefined : auth);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    instanceName,
    credentials,
    admin,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => instance.close());
      return closed;
    },
  };
}

function send(
  res: http.ServerResponse,
  status: number,
  action: string,
  body: Uint8Array,
  auth: AuthenticatedRequest | undefined,
): void {
  const headers = buildResponseHeaders({
    action,
    body,
    ...(auth === undefined ? {} : { credentials: auth }),
  });
  res.writeHead(status, { ...headers, 'content-length': body.length });
  res.end(body);
}

/** The whole body, or undefined when it is larger than {@link MAX_REQUEST_BYTES} (the rest is discarded). */
function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > MAX_REQUEST_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}
