/**
 * DataX's Job.prepare and Job.post for Elasticsearch (writers.md §1.3): version detection, the index and its
 * mapping, `cleanup`, and the alias after a window. Plus, with external versioning, a long enough
 * `index.gc_deletes`: Elasticsearch forgets a deleted document's version after 60 s by default, after which a
 * replayed older write would bring the document back.
 *
 * Deliberate differences from DataX: the major version is read in full (DataX takes the first digit, so "10.x"
 * would be 1); `GET /` is tried first and then `GET /_nodes/_local` (servers without the rest-root module); a
 * transport failure is retried instead of meaning "below 7"; creating the index accepts only the 400
 * `resource_already_exists_exception` (DataX accepts any 400 and fails later on the mapping).
 */
import { ElasticsearchConfigError } from './errors';
import { EsCallFailure, withRetries, type EsHttp } from './http';
import { buildMapping, mergeKeptSettings, withGcDeletes } from './mapping';
import type { BackoffPolicy, Sleep } from './retry';
import type { CompiledElasticsearchConfig } from './schema';
import { parseTimeValueMs } from './time-value';

/** What prepare learned. */
export interface PreparedIndex {
  /** The server's major version, when it could be read. */
  readonly major: number | undefined;
  /** Typeless URLs and mappings (Elasticsearch 7 and later, or `esVersion` ≥ 7). */
  readonly sevenPlus: boolean;
  /** Whether this call created the index. */
  readonly created: boolean;
}

/** Context of prepare and alias calls. */
export interface PrepareContext {
  readonly http: EsHttp;
  readonly config: CompiledElasticsearchConfig;
  /** `index.gc_deletes` to ensure, or undefined when external versioning is off. */
  readonly gcDeletes: string | undefined;
  readonly signal?: AbortSignal;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  readonly warn?: (message: string, fields?: Record<string, unknown>) => void;
}

const enc = encodeURIComponent;

/** DataX `retryTimes` attempts, `sleepTimeInMilliSecond` apart (jittered). */
function preparePolicy(config: CompiledElasticsearchConfig): BackoffPolicy {
  return { attempts: config.retryTimes, baseMs: config.sleepTimeMs, capMs: config.sleepTimeMs };
}

/** Names the step in a failure. */
async function step<T>(name: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof EsCallFailure) throw new EsCallFailure(e.status, e.errorType, e.retryable, `${name}: ${e.detail}`);
    throw e;
  }
}

/** The major version from a version string ("8.19.21" → 8). */
export function parseMajor(version: unknown): number | undefined {
  const m = typeof version === 'string' ? /^(\d+)\./.exec(version) : null;
  return m ? Number(m[1]) : undefined;
}

async function detectMajor(ctx: PrepareContext): Promise<number | undefined> {
  const { http, signal } = ctx;
  const opts = { ...(signal && { signal }), accept: [400, 401, 403, 404, 405] };
  const root = await http.request<{ version?: { number?: unknown } }>({ method: 'GET', path: '/' }, opts);
  if (root.status === 200) {
    const major = parseMajor(root.body?.version?.number);
    if (major !== undefined) return major;
  }
  const nodes = await http.request<{ nodes?: Record<string, { version?: unknown }> }>(
    { method: 'GET', path: '/_nodes/_local', querystring: { filter_path: 'nodes.*.version' } },
    opts,
  );
  if (nodes.status !== 200) return undefined;
  return parseMajor(Object.values(nodes.body?.nodes ?? {})[0]?.version);
}

/**
 * Prepares the index. Retries the whole sequence on retryable failures.
 * @throws ElasticsearchRequestError (e.g. a mapping conflict with the existing index: DataX `ESWriter-03`)
 * @throws ElasticsearchConfigError for `parent` columns on Elasticsearch 7+, or a `gc_deletes` that cannot be read
 */
export async function prepareIndex(ctx: PrepareContext): Promise<PreparedIndex> {
  const { config } = ctx;
  return withRetries('prepare index', preparePolicy(config), () => prepareOnce(ctx), {
    ...(ctx.signal && { signal: ctx.signal }),
    ...(ctx.sleep && { sleep: ctx.sleep }),
    ...(ctx.random && { random: ctx.random }),
  });
}

async function prepareOnce(ctx: PrepareContext): Promise<PreparedIndex> {
  const { http, config, signal } = ctx;
  const sig = signal ? { signal } : {};
  const index = enc(config.index);
  const forced = config.esVersion !== undefined && config.esVersion >= 7;
  const major = forced ? config.esVersion : await step('detect version', () => detectMajor(ctx));
  if (major === undefined) {
    ctx.warn?.('The Elasticsearch version could not be read; writing as for a server below 7, as DataX does.', {
      hint: 'set "esVersion"',
    });
  }
  const sevenPlus = (major ?? 0) >= 7;
  if (sevenPlus && config.columns.some((c) => c.type === 'parent')) {
    throw new ElasticsearchConfigError('column', 'parent columns need Elasticsearch below 7 (_parent was removed)', {
      hint: 'use a join field instead, or remove the parent column',
    });
  }
  const masterTimeout = { master_timeout: config.masterTimeout };
  let exists =
    (await step('check index', () => http.request({ method: 'HEAD', path: `/${index}` }, { ...sig, accept: [404] })))
      .status === 200;
  let settings: Record<string, unknown> = { ...config.settings };
  if (config.cleanup && exists) {
    const old = await step('read settings', () =>
      http.request<Record<string, { settings?: { index?: Record<string, unknown> } }>>(
        { method: 'GET', path: `/${index}/_settings` },
        sig,
      ),
    );
    const oldIndex = Object.values(old.body ?? {})[0]?.settings?.index ?? {};
    settings = mergeKeptSettings(settings, oldIndex, config.includeSettingKeys);
    await step('delete index', () => http.request({ method: 'DELETE', path: `/${index}` }, { ...sig, accept: [404] }));
    exists = false;
  }
  let created = false;
  if (!exists) {
    if (ctx.gcDeletes !== undefined) settings = withGcDeletes(settings, ctx.gcDeletes);
    const res = await step('create index', () =>
      http.request<{ error?: { type?: string } }>(
        {
          method: 'PUT',
          path: `/${index}`,
          querystring: masterTimeout,
          ...(Object.keys(settings).length > 0 && { body: { settings } }),
        },
        { ...sig, accept: [400] },
      ),
    );
    if (res.status === 400 && res.body?.error?.type !== 'resource_already_exists_exception') {
      throw new EsCallFailure(
        400,
        res.body?.error?.type,
        false,
        `create index: HTTP 400 ${res.body?.error?.type ?? ''}`.trim(),
      );
    }
    created = res.status === 200;
  }
  if (!config.dynamic) {
    const path = sevenPlus ? `/${index}/_mapping` : `/${index}/${enc(config.indexType)}/_mapping`;
    await step('put mapping', () =>
      http.request({ method: 'PUT', path, querystring: masterTimeout, body: buildMapping(config, sevenPlus) }, sig),
    );
  }
  if (ctx.gcDeletes !== undefined) await ensureGcDeletes(ctx, index, ctx.gcDeletes);
  return { major, sevenPlus, created };
}

/** Raises `index.gc_deletes` to `wanted` when the index keeps tombstones for less. */
async function ensureGcDeletes(ctx: PrepareContext, index: string, wanted: string): Promise<void> {
  const { http, signal } = ctx;
  const sig = signal ? { signal } : {};
  const res = await step('read gc_deletes', () =>
    http.request<Record<string, { settings?: Record<string, unknown>; defaults?: Record<string, unknown> }>>(
      {
        method: 'GET',
        path: `/${index}/_settings/index.gc_deletes`,
        querystring: { include_defaults: true, flat_settings: true },
      },
      sig,
    ),
  );
  const entry = Object.values(res.body ?? {})[0];
  const current = entry?.settings?.['index.gc_deletes'] ?? entry?.defaults?.['index.gc_deletes'] ?? '60s';
  const currentMs = parseTimeValueMs(String(current));
  const wantedMs = parseTimeValueMs(wanted) ?? 0;
  if (currentMs !== undefined && currentMs >= wantedMs) return;
  await step('raise gc_deletes', () =>
    http.request({ method: 'PUT', path: `/${index}/_settings`, body: { index: { gc_deletes: wanted } } }, sig),
  );
}

/**
 * Points `alias` at the index (DataX Job.post); with `aliasMode: exclusive` removes it from every other index
 * in the same atomic `_aliases` call. Does nothing without `alias`.
 * @throws ElasticsearchRequestError (DataX `ESWriter-05` ES_ALIAS_MODIFY)
 */
export async function updateAlias(ctx: PrepareContext): Promise<void> {
  const { http, config, signal } = ctx;
  const alias = config.alias;
  if (!alias) return;
  const sig = signal ? { signal } : {};
  await withRetries(
    'update alias',
    preparePolicy(config),
    async () => {
      const actions: Record<string, unknown>[] = [];
      if (config.aliasMode === 'exclusive') {
        const current = await http.request<Record<string, unknown>>(
          { method: 'GET', path: `/_alias/${enc(alias)}` },
          { ...sig, accept: [404] },
        );
        if (current.status === 200) {
          for (const other of Object.keys(current.body ?? {})) {
            if (other !== config.index) actions.push({ remove: { index: other, alias } });
          }
        }
      }
      actions.push({ add: { index: config.index, alias } });
      await http.request(
        { method: 'POST', path: '/_aliases', querystring: { master_timeout: config.masterTimeout }, body: { actions } },
        sig,
      );
    },
    {
      ...(signal && { signal }),
      ...(ctx.sleep && { sleep: ctx.sleep }),
      ...(ctx.random && { random: ctx.random }),
    },
  );
}
