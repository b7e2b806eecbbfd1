/**
 * The OSS calls the sink makes, on the official `ali-oss` client, each with the sink's one retry classifier:
 * 429, 408, 5xx and transport failures (connection refused or reset, timeouts) are tried again with backoff — DataX
 * retries every OSS call 10 times 1 s apart (writers.md §2.6); here 5 attempts with exponential backoff, then the
 * activity's own retry policy takes over — and every other answer is final at once.
 *
 * Errors leave this module as {@link OssRequestError}: code, status and request id only, never the client's error
 * object (it carries request parameters and headers).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import OSS from 'ali-oss';
import { OssRequestError } from './errors';

export interface OssClientOptions {
  /** OSS endpoint without the bucket (`https://oss-cn-hangzhou.aliyuncs.com`, or a local `http://127.0.0.1:8802`). */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  /** Per-request timeout, ms. @default 60000 */
  readonly timeoutMs?: number;
  /** Attempts per call for transient failures. @default 5 */
  readonly attempts?: number;
  /** First backoff, doubled each time, ms. @default 500 */
  readonly backoffMs?: number;
}

export interface ListedObject {
  readonly name: string;
  readonly size: number;
}

export interface UploadedPart {
  readonly number: number;
  readonly etag: string;
}

/**
 * Region of an endpoint like `oss-cn-hangzhou[-internal].aliyuncs.com`; ali-oss needs it for V4 scopes and uses it
 * in the Host it sends to an IP endpoint. Anything else (a local server, a CNAME) gets ali-oss's own default.
 */
export function regionOf(endpoint: string): string {
  const host = endpoint.replace(/^[a-z]+:\/\//i, '').split(/[/:]/)[0] ?? '';
  const match = /^(oss-[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/i.exec(host);
  return match?.[1]?.toLowerCase() ?? 'oss-cn-hangzhou';
}

interface AliOssError {
  readonly status?: number;
  readonly code?: string;
  readonly name?: string;
  readonly requestId?: string;
}

/** 429, 408, 5xx, and no answer at all (ali-oss reports -1/-2 or no status for transport failures). */
export function isTransient(status: number | undefined): boolean {
  return status === undefined || status <= 0 || status === 408 || status === 429 || status >= 500;
}

export class OssClient {
  readonly bucket: string;
  readonly #client: OSS;
  readonly #attempts: number;
  readonly #backoffMs: number;

  constructor(options: OssClientOptions) {
    this.bucket = options.bucket;
    this.#attempts = options.attempts ?? 5;
    this.#backoffMs = options.backoffMs ?? 500;
    this.#client = new OSS({
      endpoint: options.endpoint,
      region: regionOf(options.endpoint),
      bucket: options.bucket,
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      ...(options.securityToken ? { stsToken: options.securityToken } : {}),
      timeout: options.timeoutMs ?? 60_000,
    });
  }

  /** Whether the bucket exists; other failures (credentials, network) throw. */
  async bucketExists(): Promise<boolean> {
    try {
      await this.#call('GetBucketInfo', () => this.#client.getBucketInfo(this.bucket));
      return true;
    } catch (err) {
      if (err instanceof OssRequestError && err.code === 'NoSuchBucket') return false;
      throw err;
    }
  }

  async put(name: string, body: Buffer, headers: Record<string, string>): Promise<void> {
    await this.#call('PutObject', () => this.#client.put(name, body, { headers, mime: 'application/octet-stream' }));
  }

  async initiate(name: string, headers: Record<string, string>): Promise<string> {
    const r = await this.#call('InitiateMultipartUpload', () =>
      this.#client.initMultipartUpload(name, { headers, mime: 'application/octet-stream' }),
    );
    return r.uploadId;
  }

  async uploadPart(name: string, uploadId: string, number: number, body: Buffer): Promise<UploadedPart> {
    const r = await this.#call('UploadPart', () =>
      this.#client.uploadPart(name, uploadId, number, body, 0, body.length),
    );
    return { number, etag: r.etag };
  }

  async complete(name: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    await this.#call('CompleteMultipartUpload', () =>
      this.#client.completeMultipartUpload(
        name,
        uploadId,
        parts.map((p) => ({ number: p.number, etag: p.etag })),
      ),
    );
  }

  /** Best effort: an upload left behind is invisible, only billed until a lifecycle rule cleans it. */
  async abort(name: string, uploadId: string): Promise<void> {
    try {
      await this.#client.abortMultipartUpload(name, uploadId);
    } catch {
      // Nothing to do: the upload never became an object.
    }
  }

  /** Every object whose name starts with `prefix` (a pure prefix match, as DataX lists), page by page. */
  async *list(prefix: string): AsyncGenerator<ListedObject[]> {
    let marker: string | undefined;
    for (;;) {
      const page = await this.#call('ListObjects', () =>
        this.#client.list({ prefix, 'max-keys': 1000, ...(marker ? { marker } : {}) }, {}),
      );
      const objects = (page.objects ?? []).map((o) => ({ name: o.name, size: o.size }));
      if (objects.length > 0) yield objects;
      if (!page.isTruncated || !page.nextMarker) return;
      marker = page.nextMarker;
    }
  }

  /** Deletes the objects (missing ones count as deleted), 1000 per request. */
  async deleteMany(names: readonly string[]): Promise<void> {
    for (let i = 0; i < names.length; i += 1000) {
      const slice = names.slice(i, i + 1000);
      await this.#call('DeleteMultipleObjects', () => this.#client.deleteMulti(slice, { quiet: true }));
    }
  }

  async #call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (raw) {
        const err = (raw ?? {}) as AliOssError;
        const status = typeof err.status === 'number' && err.status > 0 ? err.status : undefined;
        const code = err.code || err.name;
        const transient = isTransient(status);
        if (!transient || attempt >= this.#attempts) {
          throw new OssRequestError(operation, status, code, transient, attempt, err.requestId, {
            ...(hintFor(status, code) ? { hint: hintFor(status, code) } : {}),
          });
        }
        await sleep(this.#backoffMs * 2 ** (attempt - 1));
      }
    }
  }
}

function hintFor(status: number | undefined, code: string | undefined): string | undefined {
  if (code === 'NoSuchBucket') return 'create the bucket first: the OSS writer never creates buckets';
  if (code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch' || code === 'AccessDenied')
    return 'check the AccessKey pair (accessId/accessKey or the datasource) and its permissions on the bucket';
  if (status === undefined) return 'check that the endpoint is reachable from the worker';
  return undefined;
}
