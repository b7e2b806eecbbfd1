/**
 * Shared by the OSS server tests: start servers on port 0 with a test AccessKey and bucket, make `ali-oss` clients
 * for them (V1 or V4, IP endpoint as the writer uses it), send raw signed requests with any Host header, and close
 * every server and remove every temp dir when the test file ends (model: jamhall/s3rver, test/helpers.js).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { createOssServer, type OssServer, type OssServerOptions } from '../../../src/emulators/oss';

/* eslint-disable @typescript-eslint/no-explicit-any -- ali-oss ships no type declarations */
const requireFromHere = createRequire(__filename);
export const OSS: any = requireFromHere('ali-oss');
/** ali-oss's own signer, so raw requests are signed independently of the server's code. */
const signUtils: any = requireFromHere('ali-oss/lib/common/signUtils');

export const TEST_CREDENTIALS = { accessKeyId: 'test-oss-ak', accessKeySecret: 'test-oss-secret-value' };
export const TEST_BUCKET = 'otsync-test';

const servers = new Set<OssServer>();
const dirs: string[] = [];

after(async () => {
  await Promise.all([...servers].map((s) => s.close()));
  servers.clear();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp directory removed when the test file ends. */
export function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-oss-test-'));
  dirs.push(dir);
  return dir;
}

/** Starts a server with the test bucket; it is closed when the test file ends. */
export async function startServer(options: Partial<OssServerOptions> = {}): Promise<OssServer> {
  const server = await createOssServer({ credentials: TEST_CREDENTIALS, buckets: [TEST_BUCKET], ...options });
  servers.add(server);
  return server;
}

export async function stopServer(server: OssServer): Promise<void> {
  servers.delete(server);
  await server.close();
}

/** An ali-oss client as the OSS writer configures it: IP endpoint, region, default bucket (spec 9). */
export function ossClient(
  server: OssServer,
  options: { v4?: boolean; bucket?: string; credentials?: object } = {},
): any {
  return new OSS({
    endpoint: server.url,
    region: 'oss-cn-hangzhou',
    bucket: options.bucket ?? TEST_BUCKET,
    ...(options.credentials ?? TEST_CREDENTIALS),
    authorizationV4: options.v4 ?? false,
    timeout: 10_000,
  });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method: string;
  bucket?: string;
  /** Decoded key; encoded for the URL like ali-oss does. */
  key?: string;
  /** Query string without `?`, as sent. */
  query?: string;
  /** Signed sub-resources (ali-oss `subres` form: name → value, '' or null for flags). */
  subres?: Record<string, string | null>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** `virtual` (Host = `<bucket>.oss-cn-hangzhou.aliyuncs.com`, as ali-oss) or `path` (Host = 127.0.0.1, as oss2). */
  style?: 'virtual' | 'path';
  /** @default true */
  sign?: boolean;
  credentials?: typeof TEST_CREDENTIALS;
}

/** A V1 Authorization value computed by ali-oss's signer for `resource` (`/<bucket>/<key>`). */
export function signV1(
  method: string,
  resource: string,
  headers: Record<string, string>,
  subres?: Record<string, string | null>,
  credentials = TEST_CREDENTIALS,
): string {
  const canonical = signUtils.buildCanonicalString(method, resource, { headers, parameters: subres });
  return signUtils.authorization(credentials.accessKeyId, credentials.accessKeySecret, canonical) as string;
}

const encodeKey = (key: string) => encodeURIComponent(key).replace(/%2F/g, '/');

/** Sends one V1-signed request with node:http (fetch cannot set Host). */
export function rawRequest(server: OssServer, request: RawRequest): Promise<RawResponse> {
  const bucket = request.bucket ?? TEST_BUCKET;
  const key = request.key ?? '';
  const style = request.style ?? 'virtual';
  const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString(), ...request.headers };
  if (request.sign ?? true) {
    headers.authorization = signV1(request.method, `/${bucket}/${key}`, headers, request.subres, request.credentials);
  }
  const urlPath = style === 'path' ? `/${bucket}/${encodeKey(key)}` : `/${encodeKey(key)}`;
  const port = server.port;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.query ? `${urlPath}?${request.query}` : urlPath,
        headers: {
          host: style === 'path' ? `127.0.0.1:${port}` : `${bucket}.oss-cn-hangzhou.aliyuncs.com`,
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** The text of `<name>` in an XML body (first match). */
export function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
}

/** Base64 MD5, as Content-MD5 wants. */
export function contentMd5(body: Buffer | string): string {
  return createHash('md5').update(body).digest('base64');
}
