/**
 * Signed HTTP calls to MaxCompute's REST endpoint (`…/api`) and its Tunnel (maxcompute-tunnel.md §1–§2): the
 * classic `ODPS <AccessKeyId>:<signature>` header over the canonical string (method, Content-MD5, Content-Type,
 * Date, `x-odps-*` headers and query parameters, the resource relative to the endpoint with its query), with
 * retries for transient answers (DataX: `maxRetryTime` attempts, exponential sleep from 1 s).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { authorizationHeader, canonicalString, signClassic } from '../../../maxcompute';
import { MaxComputeRequestError } from './errors';

export interface MaxComputeCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface SignedRequest {
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the endpoint, e.g. `/projects/p/tables/t`. */
  readonly path: string;
  /** Query parameters in order; '' = a bare flag (`?uploads`). */
  readonly query?: readonly (readonly [string, string])[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  /** Statuses that are answers, not failures (e.g. 404 for "does the partition exist"). */
  readonly accept?: readonly number[];
}

export interface SignedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

export interface HttpOptions {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;
}

const encode = (s: string) => encodeURIComponent(s);

/** A client for one endpoint (REST or Tunnel). */
export class SignedHttp {
  constructor(
    /** `http://host:port/api` or `http://host:port` */
    readonly endpoint: string,
    private readonly credentials: MaxComputeCredentials,
    private readonly options: HttpOptions,
  ) {}

  async call(req: SignedRequest): Promise<SignedResponse> {
    for (let attempt = 1; ; attempt++) {
      let res: SignedResponse;
      try {
        res = await this.#once(req);
      } catch (err) {
        const name = err instanceof Error ? err.name : 'Error';
        if (attempt >= this.options.attempts) {
          throw new MaxComputeRequestError(req.operation, undefined, name, true, attempt, undefined, '', {
            hint: 'check that the endpoint is reachable from the worker',
          });
        }
        await sleep(this.#backoff(attempt));
        continue;
      }
      if (res.status < 400 || req.accept?.includes(res.status)) return res;
      const { code, message, requestId } = parseError(res);
      const transient = res.status >= 500 || res.status === 429 || res.status === 408;
      if (!transient || attempt >= this.options.attempts) {
        throw new MaxComputeRequestError(req.operation, res.status, code, transient, attempt, requestId, message, {
          ...(hintFor(code) ? { hint: hintFor(code) } : {}),
        });
      }
      await sleep(this.#backoff(attempt));
    }
  }

  #backoff(attempt: number): number {
    // DataX caps at 128 s; an activity must heartbeat well within its heartbeat timeout, so 8 s here.
    return Math.min(this.options.backoffMs * 2 ** (attempt - 1), 8_000);
  }

  async #once(req: SignedRequest): Promise<SignedResponse> {
    const url = new URL(this.endpoint);
    const prefix = url.pathname.replace(/\/$/, '');
    const query = req.query ?? [];
    const headers: Record<string, string> = {
      date: new Date().toUTCString(),
      'x-odps-user-agent': 'otsync',
      ...Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    };
    if (this.credentials.securityToken) headers['authorization-sts-token'] = this.credentials.securityToken;
    const canonical = canonicalString({ method: req.method, resource: req.path, query, headers });
    headers.authorization = authorizationHeader(
      this.credentials.accessKeyId,
      signClassic(canonical, this.credentials.accessKeySecret),
    );
    const search = query.map(([k, v]) => (v === '' ? encode(k) : `${encode(k)}=${encode(v)}`)).join('&');
    const target = `${url.origin}${prefix}${req.path.split('/').map(encode).join('/')}${search ? `?${search}` : ''}`;
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
    const res = await fetch(target, {
      method: req.method,
      headers: { ...headers, 'content-length': String(body?.length ?? 0) },
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }
}

/** REST errors are XML, Tunnel errors JSON (§3.7, §4); either way code, message and request id. */
export function parseError(res: SignedResponse): { code?: string; message: string; requestId?: string } {
  const text = res.body.toString('utf8');
  const requestId = res.headers.get('x-odps-request-id') ?? undefined;
  try {
    const json = JSON.parse(text) as { Code?: string; Message?: string };
    return {
      ...(json.Code ? { code: json.Code } : {}),
      message: json.Message ?? '',
      ...(requestId ? { requestId } : {}),
    };
  } catch {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    const message = /<Message>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/Message>/.exec(text)?.[1] ?? '';
    return { ...(code ? { code } : {}), message: message.slice(0, 300), ...(requestId ? { requestId } : {}) };
  }
}

function hintFor(code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (/Signature|Unauthorized|AuthorizationRequired|InvalidAccessKey/i.test(code))
    return 'check the AccessKey pair (accessId/accessKey or the datasource) and its permissions on the project';
  if (/NoSuchProject/i.test(code)) return 'check "project" (or the datasource)';
  return undefined;
}
