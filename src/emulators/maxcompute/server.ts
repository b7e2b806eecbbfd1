/**
 * The local MaxCompute server: HTTP plumbing around `routes.ts`. One server hosts both APIs (spec 8): the REST API
 * under `/api` (the prefix is removed before the signature is checked) and the Tunnel at the root. Per request: the
 * URL parsed, the operation chosen, the classic or V4 signature checked, faults injected, the handler run, and the
 * answer sent with `x-odps-request-id`; errors as `<Error>` XML for REST, JSON for the Tunnel (spec 2.3, 3.7).
 * `GET /_admin/health` answers `ok` without a signature.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TunnelValue } from '../../maxcompute';
import { authenticate } from './authenticate';
import { encodeErrorJson, encodeErrorXml, MaxComputeServerError, toServiceError } from './errors';
import { FaultInjector, type HttpFaultRule as MaxComputeFaultRule } from '../common/http-faults';
import type { McResponse } from './handlers/context';
import { Instances } from './handlers/instances';
import { parseUrl, QueryParams, type ParsedUrl } from './request-url';
import { routeRequest } from './routes';
import { runSql } from './sql-runner';
import { Catalog } from './store/catalog';
import { Layout } from './store/layout';
import { parseSpecText, resolvePartition } from './store/partition-spec';
import { readRows } from './store/read-rows';
import { Sessions } from './store/sessions';

/** Options of {@link createMaxComputeServer}. */
export interface MaxComputeServerOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Tables, committed data and open sessions are stored here and survive restarts. @default a fresh temp dir, removed on close() */
  dataDir?: string;
  /** The one AccessKey pair accepted. */
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** Projects created at start if missing. @throws from createMaxComputeServer when a name is invalid. */
  projects?: readonly string[];
  /** Receives unexpected errors and startup notes: one plain sentence plus fields, never a secret. @default silent */
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export interface MaxComputeServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `${url}/api`: the service endpoint (`odpsServer`) a job uses. */
  readonly endpoint: string;
  /** `url`: the Tunnel endpoint (no path prefix). */
  readonly tunnelEndpoint: string;
  readonly port: number;
  readonly dataDir: string;
  /**
   * Runs one SQL statement synchronously as the SQL instance endpoint would: CREATE TABLE [IF NOT EXISTS],
   * ALTER TABLE .. ADD [IF NOT EXISTS] / DROP [IF EXISTS] PARTITION, TRUNCATE TABLE [PARTITION], DROP TABLE [IF EXISTS].
   * @throws MaxComputeServerError whose message starts with an `ODPS-` code (parse error, table not found, ...).
   */
  sql(project: string, statement: string): Promise<void>;
  /**
   * Committed rows of a table or partition in commit order (for tests). Without `partition`, a partitioned table's
   * rows of every partition, partitions in spec order.
   * @throws MaxComputeServerError NoSuchProject, NoSuchTable, NoSuchPartition, InvalidPartitionSpec.
   */
  rows(project: string, table: string, partition?: string): Promise<TunnelValue[][]>;
  /**
   * Fault injection for tests: the next `count` requests of `operation` ('CreateUpload', 'UploadBlock', 'Commit',
   * 'GetTable', 'CreateInstance', ... or '*') fail with this status/code (default 503 ServiceUnavailable).
   */
  injectFault(rule: MaxComputeFaultRule): void;
  clearFaults(): void;
  /** Stops listening, drops open connections and removes a temp data dir. Idempotent. */
  close(): Promise<void>;
}

/** 32 upper-case hex characters, like the real service's request ids. */
function newRequestId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/**
 * Starts a server.
 * @throws Error when credentials are missing or the port cannot be bound; MaxComputeServerError InvalidParameter
 *   for a bad name in `projects`.
 */
export async function createMaxComputeServer(options: MaxComputeServerOptions): Promise<MaxComputeServer> {
  const { credentials } = options;
  if (!credentials?.accessKeyId || !credentials.accessKeySecret) {
    throw new Error('createMaxComputeServer needs an AccessKey pair (credentials.accessKeyId and accessKeySecret).');
  }
  const log = options.log ?? (() => undefined);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'otsync-maxcompute-')));
  const layout = new Layout(dataDir);
  await fs.rm(layout.tmpDir, { recursive: true, force: true });
  await fs.mkdir(layout.tmpDir, { recursive: true });
  await fs.mkdir(layout.projectsDir, { recursive: true });
  const catalog = await Catalog.open(layout);
  const sessions = await Sessions.open(layout, catalog);
  const instances = new Instances(catalog);
  for (const project of options.projects ?? []) await catalog.createProject(project);
  const faults = new FaultInjector();
  const listenHost = options.host ?? '127.0.0.1';
  let port = 0;

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    let url: ParsedUrl | undefined;
    let operation = 'Unknown';
    try {
      url = parseUrl(req.url ?? '/');
      if (!url.rest && url.segments[0] === '_admin') {
        const healthy = url.segments[1] === 'health' && url.segments.length === 2 && method === 'GET';
        req.resume();
        await send(res, requestId, {
          status: healthy ? 200 : 404,
          headers: { 'content-type': 'text/plain' },
          body: healthy ? 'ok' : 'not found',
        });
        return;
      }
      const query = new QueryParams(url.query);
      const route = routeRequest(url.rest, method, url.segments, query);
      operation = route.operation;
      authenticate(method, url, req.headers, credentials);
      const fault = faults.take(operation);
      if (fault !== undefined) {
        throw MaxComputeServerError.injected(fault.status ?? 503, fault.code ?? 'ServiceUnavailable');
      }
      const origin = `http://${req.headers.host ?? `127.0.0.1:${port}`}`;
      const response = await route.handler({
        req,
        headers: req.headers,
        query,
        params: route.params,
        catalog,
        sessions,
        instances,
        origin,
      });
      req.resume();
      await send(res, requestId, response);
    } catch (err) {
      const error = toServiceError(err);
      if (!(err instanceof MaxComputeServerError)) {
        log('Answered an unexpected error as InternalServerError.', {
          operation,
          requestId,
          error: err instanceof Error ? err.message : String(err),
        });
      } else if (error.code === 'NoSuchObject' && operation.includes(' ')) {
        log('Answered a request for an unknown resource with 404.', { operation, requestId });
      }
      // Whatever body the client is still sending is read and dropped, so the connection stays usable.
      req.resume();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const rest = url?.rest ?? true;
      await send(res, requestId, {
        status: error.status,
        headers: { 'content-type': rest ? 'application/xml' : 'application/json' },
        body: rest
          ? encodeErrorXml(error, requestId, req.headers.host ?? 'localhost')
          : encodeErrorJson(error, requestId),
      });
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
  port = address.port;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log('Local MaxCompute server listening.', { endpoint: `${url}/api`, dataDir, projects: catalog.projectNames() });
  let closed: Promise<void> | undefined;
  return {
    url,
    endpoint: `${url}/api`,
    tunnelEndpoint: url,
    port: address.port,
    dataDir,
    async sql(project, statement) {
      await runSql(catalog, project, statement);
    },
    async rows(project, tableName, partition) {
      const table = catalog.table(project, tableName);
      let specs: (string | undefined)[];
      if (partition === undefined) {
        specs = catalog.allData(table).map((d) => d.spec);
      } else {
        const resolved = resolvePartition(table.info, parseSpecText(partition));
        if (!table.partitions.has(resolved.spec)) {
          throw new MaxComputeServerError('NoSuchPartition', {
            message: `The specified partition '${resolved.spec}' does not exist.`,
          });
        }
        specs = [resolved.spec];
      }
      const sources = specs.flatMap((spec) =>
        catalog
          .manifest(table, spec)
          .files.map((f) => ({ path: catalog.dataFilePath(table, spec, f.file), records: f.records })),
      );
      return readRows(sources, table.info.columns);
    },
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

async function send(res: http.ServerResponse, requestId: string, response: McResponse): Promise<void> {
  const headers: Record<string, string | number> = { 'x-odps-request-id': requestId, ...response.headers };
  const { body } = response;
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) {
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body);
    headers['content-length'] ??= bytes.length;
    res.writeHead(response.status, headers);
    res.end(bytes);
    return;
  }
  res.writeHead(response.status, headers);
  await pipeline(body as Readable, res).catch(() => res.destroy());
}
