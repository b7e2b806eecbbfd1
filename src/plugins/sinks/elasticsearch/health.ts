/**
 * Reachability probe for the `checkEndpoints` activity: each endpoint is asked for its version (`GET /`, then
 * `GET /_nodes/_local` on servers without the rest-root module). Read-only, one attempt per endpoint.
 */
import { ElasticsearchRequestError } from './errors';
import { displayUrl, EsHttp, hintFor, toFailure, type ElasticsearchTarget } from './http';
import { parseMajor } from './prepare';

/** What one endpoint answered. */
export interface EndpointHealth {
  /** The endpoint, without any `user:password@`. */
  readonly endpoint: string;
  /** `version.number`, e.g. `8.19.21`, when the server told it. */
  readonly version: string | undefined;
  readonly major: number | undefined;
}

/**
 * Probes every endpoint.
 * @throws ElasticsearchRequestError for the first endpoint that fails: `retryable` for transport failures, 429
 * and 5xx; permanent for 401/403 (credentials) and other 4xx.
 */
export async function probeElasticsearch(
  target: ElasticsearchTarget,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<EndpointHealth[]> {
  const out: EndpointHealth[] = [];
  for (const endpoint of target.endpoints) {
    const http = new EsHttp(
      { endpoints: [endpoint], ...(target.credentials && { credentials: target.credentials }) },
      { timeoutMs: options.timeoutMs ?? 10_000, compression: false, discovery: false },
    );
    const sig = options.signal ? { signal: options.signal } : {};
    try {
      const root = await http.request<{ version?: { number?: unknown } }>(
        { method: 'GET', path: '/' },
        { ...sig, accept: [404, 405] },
      );
      let version = root.status === 200 ? root.body?.version?.number : undefined;
      if (typeof version !== 'string') {
        const nodes = await http.request<{ nodes?: Record<string, { version?: unknown }> }>(
          { method: 'GET', path: '/_nodes/_local', querystring: { filter_path: 'nodes.*.version' } },
          sig,
        );
        version = Object.values(nodes.body?.nodes ?? {})[0]?.version;
      }
      const v = typeof version === 'string' ? version : undefined;
      out.push({ endpoint: displayUrl(endpoint), version: v, major: parseMajor(v) });
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason;
      const f = toFailure(e);
      throw new ElasticsearchRequestError(
        `probe of ${displayUrl(endpoint)}`,
        f.status,
        f.errorType,
        f.retryable,
        1,
        f.detail,
        {
          ...(hintFor(f.status) && { hint: hintFor(f.status) }),
        },
      );
    } finally {
      await http.close();
    }
  }
  return out;
}
