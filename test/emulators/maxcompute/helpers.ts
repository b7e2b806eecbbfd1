/**
 * Shared by the MaxCompute server tests: start servers on port 0 with a test AccessKey and project, and a small
 * client that speaks the protocol over HTTP with requests signed by the protocol core's signer (classic or V4):
 * SQL instances, upload sessions with blocks built by `RecordStreamWriter` (raw or deflate), commits and downloads
 * decoded by `decodeRecordStream`. Every server is closed and every temp dir removed when the test file ends
 * (model: jamhall/s3rver, test/helpers.js).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import zlib from 'node:zlib';
import {
  authorizationHeader,
  canonicalString,
  decodeRecordStream,
  RecordStreamWriter,
  signClassic,
  signV4,
  type TunnelColumn,
  type TunnelValue,
} from '../../../src/maxcompute';
import {
  createMaxComputeServer,
  type MaxComputeServer,
  type MaxComputeServerOptions,
} from '../../../src/emulators/maxcompute';

export const TEST_CREDENTIALS = { accessKeyId: 'test-mc-ak', accessKeySecret: 'test-mc-secret-value' };
export const TEST_PROJECT = 'otsync_test';

const servers = new Set<MaxComputeServer>();
const dirs: string[] = [];

after(async () => {
  await Promise.all([...servers].map((s) => s.close()));
  servers.clear();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp directory removed when the test file ends. */
export function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-mc-test-'));
  dirs.push(dir);
  return dir;
}

/** Starts a server with the test project; it is closed when the test file ends. */
export async function startServer(options: Partial<MaxComputeServerOptions> = {}): Promise<MaxComputeServer> {
  const server = await createMaxComputeServer({ credentials: TEST_CREDENTIALS, projects: [TEST_PROJECT], ...options });
  servers.add(server);
  return server;
}

export async function stopServer(server: MaxComputeServer): Promise<void> {
  servers.delete(server);
  await server.close();
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface RawRequest {
  method: string;
  /** True: REST (`/api` + path); false: Tunnel (path at the root). */
  rest: boolean;
  /** Decoded path relative to the endpoint, e.g. `/projects/p/tables/t`. */
  path: string;
  /** Decoded query pairs; '' = bare flag. `curr_project` is added unless present. */
  query?: [string, string][];
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** @default 'classic' */
  sign?: 'classic' | 'v4' | 'none';
  credentials?: typeof TEST_CREDENTIALS;
  /** Send the body chunked (no Content-Length), as both SDKs do for blocks. @default false */
  chunked?: boolean;
}

const encode = (s: string) => encodeURIComponent(s);

/** Sends one request signed as the SDKs sign it (spec 2): `/api` not in the signed resource. */
export function rawRequest(server: MaxComputeServer, request: RawRequest): Promise<RawResponse> {
  const query = [...(request.query ?? [])];
  if (!query.some(([n]) => n === 'curr_project')) query.push(['curr_project', TEST_PROJECT]);
  const headers: Record<string, string> = {
    date: new Date().toUTCString(),
    'x-odps-user-agent': 'otsync-test',
    ...request.headers,
  };
  const credentials = request.credentials ?? TEST_CREDENTIALS;
  const sign = request.sign ?? 'classic';
  if (sign !== 'none') {
    const canonical = canonicalString({ method: request.method, resource: request.path, query, headers });
    if (sign === 'classic') {
      headers.authorization = authorizationHeader(
        credentials.accessKeyId,
        signClassic(canonical, credentials.accessKeySecret),
      );
    } else {
      const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
      const region = 'cn-hangzhou';
      headers.authorization = authorizationHeader(
        credentials.accessKeyId,
        signV4(canonical, credentials.accessKeySecret, date, region),
        { date, region },
      );
    }
  }
  const urlPath =
    (request.rest ? '/api' : '') +
    request.path
      .split('/')
      .map((s) => encode(s))
      .join('/');
  const qs = query.map(([n, v]) => (v === '' ? encode(n) : `${encode(n)}=${encode(v)}`)).join('&');
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  if (body !== undefined && !request.chunked) headers['content-length'] = String(body.length);
  if (body === undefined && (request.method === 'POST' || request.method === 'PUT')) headers['content-length'] = '0';
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method: request.method, path: `${urlPath}?${qs}`, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf, text: buf.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined && request.chunked) {
      // Two writes so the body really goes out in chunks.
      const half = Math.floor(body.length / 2);
      req.write(body.subarray(0, half));
      req.end(body.subarray(half));
    } else {
      req.end(body);
    }
  });
}

/** The text of `<name>` in an XML body (first match), CDATA unwrapped. */
export function xmlField(xml: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
  return raw?.replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1');
}

/** A thrown non-2xx answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly body: string,
  ) {
    super(`HTTP ${status} ${code}: ${body}`);
  }
}

function codeOf(response: RawResponse): string {
  try {
    return (JSON.parse(response.text) as { Code: string }).Code;
  } catch {
    return xmlField(response.text, 'Code') ?? '';
  }
}

function check(response: RawResponse): RawResponse {
  if (response.status >= 300) throw new HttpError(response.status, codeOf(response), response.text);
  return response;
}

export interface SessionJson {
  UploadID: string;
  DownloadID: string;
  Status: string;
  RecordCount: number;
  IsOverwrite: boolean;
  Owner: string;
  Initiated: string;
  MaxFieldSize: number;
  Schema: { columns: (TunnelColumn & { isNullable: boolean; nullable: boolean })[]; partitionKeys: TunnelColumn[] };
  UploadedBlockList: { BlockID: number; RecordCount: number }[];
}

/** The protocol, as the writer will speak it, against one server and project. */
export class TestClient {
  constructor(
    readonly server: MaxComputeServer,
    readonly project = TEST_PROJECT,
  ) {}

  tablePath(table: string): string {
    return `/projects/${this.project}/tables/${table}`;
  }

  /** Submits a SQL instance and waits for it; throws HttpError-like Error with the task result on failure. */
  async sql(statement: string): Promise<void> {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Instance><Job><Priority>9</Priority><Tasks><SQL>' +
      '<Name>AnonymousSQLTask</Name><Config><Property><Name>settings</Name>' +
      '<Value>{"odps.sql.type.system.odps2":"true"}</Value></Property></Config>' +
      `<Query><![CDATA[${statement}]]></Query></SQL></Tasks></Job></Instance>`;
    const created = check(
      await rawRequest(this.server, {
        method: 'POST',
        rest: true,
        path: `/projects/${this.project}/instances`,
        headers: { 'content-type': 'application/xml' },
        body,
      }),
    );
    const location = String(created.headers.location);
    const instancePath = new URL(location).pathname.replace(/^\/api/, '');
    const status = check(
      await rawRequest(this.server, { method: 'GET', rest: true, path: instancePath, query: [['taskstatus', '']] }),
    );
    if (xmlField(status.text, 'Status') !== 'Terminated') throw new Error(`instance not terminated: ${status.text}`);
    if (!status.text.includes('<Status>Success</Status>')) {
      const result = check(
        await rawRequest(this.server, { method: 'GET', rest: true, path: instancePath, query: [['result', '']] }),
      );
      throw new Error(xmlField(result.text, 'Result'));
    }
  }

  async createUpload(
    table: string,
    options: { partition?: string; overwrite?: boolean; createPartition?: boolean } = {},
  ): Promise<SessionJson> {
    const query: [string, string][] = [['uploads', '']];
    if (options.partition !== undefined) query.push(['partition', options.partition]);
    if (options.overwrite) query.push(['overwrite', 'true']);
    if (options.createPartition) query.push(['create_partition', 'true']);
    const response = check(
      await rawRequest(this.server, {
        method: 'POST',
        rest: false,
        path: this.tablePath(table),
        query,
        headers: { 'x-odps-tunnel-version': '6' },
      }),
    );
    return JSON.parse(response.text) as SessionJson;
  }

  /** Encodes rows for a session's schema (as the writer must: from the session, spec 5.2). */
  static encode(session: SessionJson, rows: readonly (readonly TunnelValue[])[]): Buffer {
    const writer = new RecordStreamWriter(session.Schema.columns);
    for (const row of rows) writer.write(row);
    return writer.finish();
  }

  async putBlockBytes(
    table: string,
    uploadId: string,
    blockId: number | string,
    body: Buffer,
    options: { deflate?: boolean; chunked?: boolean } = {},
  ): Promise<RawResponse> {
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'x-odps-tunnel-version': '6',
    };
    if (options.deflate) headers['content-encoding'] = 'deflate';
    return rawRequest(this.server, {
      method: 'PUT',
      rest: false,
      path: this.tablePath(table),
      query: [
        ['uploadid', uploadId],
        ['blockid', String(blockId)],
      ],
      headers,
      body: options.deflate ? zlib.deflateSync(body) : body,
      chunked: options.chunked ?? true,
    });
  }

  async putBlock(
    table: string,
    session: SessionJson,
    blockId: number,
    rows: readonly (readonly TunnelValue[])[],
    options: { deflate?: boolean } = {},
  ): Promise<void> {
    check(await this.putBlockBytes(table, session.UploadID, blockId, TestClient.encode(session, rows), options));
  }

  async reload(table: string, uploadId: string): Promise<SessionJson> {
    const response = check(
      await rawRequest(this.server, {
        method: 'GET',
        rest: false,
        path: this.tablePath(table),
        query: [
          ['uploadid', uploadId],
          ['getblockid', 'true'],
        ],
      }),
    );
    return JSON.parse(response.text) as SessionJson;
  }

  async commit(table: string, uploadId: string): Promise<SessionJson> {
    const response = check(
      await rawRequest(this.server, {
        method: 'POST',
        rest: false,
        path: this.tablePath(table),
        query: [['uploadid', uploadId]],
      }),
    );
    return JSON.parse(response.text) as SessionJson;
  }

  /** Creates a download session and reads rows [start, start+count) (all by default), decoded. */
  async download(
    table: string,
    options: { partition?: string; start?: number; count?: number; columns?: string[]; deflate?: boolean } = {},
  ): Promise<{ session: SessionJson; rows: TunnelValue[][]; encoding: string | undefined }> {
    const query: [string, string][] = [['downloads', '']];
    if (options.partition !== undefined) query.push(['partition', options.partition]);
    const session = JSON.parse(
      check(await rawRequest(this.server, { method: 'POST', rest: false, path: this.tablePath(table), query })).text,
    ) as SessionJson;
    const start = options.start ?? 0;
    const count = options.count ?? session.RecordCount - start;
    const readQuery: [string, string][] = [
      ['data', ''],
      ['downloadid', session.DownloadID],
      ['rowrange', `(${start},${count})`],
    ];
    if (options.columns) readQuery.push(['columns', options.columns.join(',')]);
    if (options.partition !== undefined) readQuery.push(['partition', options.partition]);
    const response = check(
      await rawRequest(this.server, {
        method: 'GET',
        rest: false,
        path: this.tablePath(table),
        query: readQuery,
        headers: options.deflate ? { 'accept-encoding': 'deflate' } : {},
      }),
    );
    const encoding = response.headers['content-encoding'];
    const body = encoding === 'deflate' ? zlib.inflateSync(response.body) : response.body;
    const columns = options.columns
      ? options.columns.map((name) => session.Schema.columns.find((c) => c.name === name)!)
      : session.Schema.columns;
    return { session, rows: decodeRecordStream(body, columns), encoding };
  }
}

/** Asserts a promise rejects with an HttpError of this code (and status when given). */
export async function rejectsWith(promise: Promise<unknown>, code: string, status?: number): Promise<HttpError> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    if (err.code !== code || (status !== undefined && err.status !== status)) {
      throw new Error(`expected ${code}${status === undefined ? '' : ` ${status}`}, got ${err.message}`, {
        cause: err,
      });
    }
    return err;
  }
  throw new Error(`expected ${code}, but the request succeeded`);
}

/** The JSON error code of a raw Tunnel answer. */
export function tunnelCode(response: RawResponse): string {
  return (JSON.parse(response.text) as { Code: string }).Code;
}
