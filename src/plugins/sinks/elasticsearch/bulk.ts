/**
 * One bulk request with per-item outcomes (writers.md §1.6–1.7, with the deliberate changes of §4):
 *
 * - Only items that can still succeed (429, 5xx, 409 without a version) are sent again, with backoff; applied
 *   items are never resent — except, for unversioned writes, the later items of a document whose earlier item
 *   is resent, so that a retry never leaves an older write on top (DataX resends the whole batch).
 * - Item outcomes are matched to the actions actually sent (DataX matches them against the input batch and so
 *   blames the wrong records after a record that was dirty while building — the §1.7 defect).
 * - 409 on a versioned write means the stored document is as new or newer: counted stale, not an error.
 * - 400 is a bad document: dirty with `ignoreParseError` (the default), else the whole write fails at once.
 * - Any other failure is final: an {@link ElasticsearchBulkError}, or with `ignoreWriteError` the items are
 *   dropped (logged, not counted dirty — as in DataX).
 */
import { ElasticsearchBulkError } from './errors';
import { EsCallFailure, errorTypes, hintFor, toFailure, type EsHttp } from './http';
import { RawNumber, stringifyJson, type JsonValue } from './json';
import { backoffDelay, classifyItem, realSleep, type BackoffPolicy, type Sleep } from './retry';

/** One action of a bulk request. */
export interface BulkAction {
  readonly op: 'index' | 'update' | 'delete';
  readonly id: string | null;
  readonly routing: string | null;
  readonly parent: string | null;
  readonly version: string | bigint | null;
  readonly versionType: 'external' | null;
  /** The document (`index`), `{doc, doc_as_upsert}` (`update`), nothing (`delete`). */
  readonly body?: JsonValue | Record<string, JsonValue | undefined>;
  /** Records this action stands for (several after folding). */
  readonly records: number;
}

/** Counts of one bulk write, in records. */
export interface BulkTally {
  written: number;
  stale: number;
  dirty: number;
  dropped: number;
  readonly dirtySamples: string[];
}

/** How to send. */
export interface BulkSettings {
  /** `/{index}/_bulk`, or `/{index}/{type}/_bulk` below Elasticsearch 7. */
  readonly path: string;
  /** DataX `urlParams`. */
  readonly querystring: Readonly<Record<string, unknown>>;
  readonly policy: BackoffPolicy;
  readonly ignoreParseError: boolean;
  readonly ignoreWriteError: boolean;
  /** Resend later items of a document with its failed earlier item (unversioned writes). */
  readonly keepIdOrder: boolean;
  readonly signal?: AbortSignal;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Told about dropped items (`ignoreWriteError`); data-free. */
  readonly onDrop?: (count: number, reason: string) => void;
}

/** The metadata and body lines of an action. */
export function actionLines(a: BulkAction): string[] {
  const meta: Record<string, JsonValue> = {};
  if (a.id !== null) meta._id = a.id;
  if (a.routing !== null) meta.routing = a.routing;
  if (a.parent !== null) meta.parent = a.parent;
  // A user `version` column holds text; digits go out as a JSON number.
  if (a.version !== null)
    meta.version = typeof a.version === 'string' && /^\d+$/.test(a.version) ? new RawNumber(a.version) : a.version;
  if (a.versionType !== null) meta.version_type = a.versionType;
  const lines = [stringifyJson({ [a.op]: meta })];
  if (a.op !== 'delete') lines.push(stringifyJson(a.body as JsonValue));
  return lines;
}

interface BulkItem {
  readonly status?: number;
  readonly error?: unknown;
}

/** `status 400 mapper_parsing_exception (field "age")`: no reason text, which can quote the value. */
function describeItem(item: BulkItem): string {
  const types = errorTypes({ error: item.error });
  const reason = (item.error as { reason?: unknown } | undefined)?.reason;
  const field = typeof reason === 'string' ? /field \[([^\]]{1,100})\]/.exec(reason)?.[1] : undefined;
  return `status ${item.status ?? '?'}${types ? ` ${types}` : ''}${field ? ` (field "${field}")` : ''}`;
}

type State = 'pending' | 'applied' | 'stale' | 'dirty' | 'dropped';

/**
 * Writes `actions` with one bulk request plus retries of the items that may succeed.
 * @throws ElasticsearchBulkError when items fail for good (unless `ignoreWriteError`).
 */
export async function writeBulk(http: EsHttp, actions: readonly BulkAction[], s: BulkSettings): Promise<BulkTally> {
  const tally: BulkTally = { written: 0, stale: 0, dirty: 0, dropped: 0, dirtySamples: [] };
  if (actions.length === 0) return tally;
  const lines = actions.map(actionLines);
  const state: State[] = actions.map(() => 'pending');
  const sleep = s.sleep ?? realSleep;
  let pending = actions.map((_, i) => i);
  let lastFailure = '';
  const drop = (indexes: readonly number[], reason: string, retryable: boolean, attempts: number) => {
    const records = indexes.reduce((n, i) => n + (actions[i]?.records ?? 0), 0);
    if (!s.ignoreWriteError) {
      throw new ElasticsearchBulkError(retryable, records, reason, attempts, {
        hint: retryable
          ? 'Elasticsearch is overloaded or unavailable; the write is retried by the next attempt'
          : hintFor(undefined),
      });
    }
    for (const i of indexes) state[i] = 'dropped';
    s.onDrop?.(records, reason);
  };

  for (let attempt = 1; pending.length > 0; attempt += 1) {
    let retry: number[] = [];
    try {
      const res = await http.request<{ items?: Record<string, BulkItem>[] }>(
        {
          method: 'POST',
          path: s.path,
          querystring: { ...s.querystring },
          lines: pending.flatMap((i) => lines[i] ?? []),
        },
        s.signal ? { signal: s.signal } : {},
      );
      const items = res.body.items ?? [];
      if (items.length !== pending.length) {
        throw new EsCallFailure(
          res.status,
          undefined,
          true,
          `the bulk response has ${items.length} items for ${pending.length} actions`,
        );
      }
      const fatal: number[] = [];
      let fatalReason = '';
      pending.forEach((i, k) => {
        const action = actions[i] as BulkAction;
        const item = Object.values(items[k] ?? {})[0] ?? {};
        const verdict = classifyItem({
          status: item.status ?? 0,
          op: action.op,
          hasError: item.error !== undefined,
          versioned: action.version !== null,
        });
        if (verdict === 'applied') state[i] = 'applied';
        else if (verdict === 'stale') state[i] = 'stale';
        else if (verdict === 'retry') {
          retry.push(i);
          lastFailure = describeItem(item);
        } else if (verdict === 'bad-document' && s.ignoreParseError) {
          state[i] = 'dirty';
          if (tally.dirtySamples.length < 10) tally.dirtySamples.push(describeItem(item));
        } else {
          fatal.push(i);
          fatalReason ||= describeItem(item) + (verdict === 'bad-document' ? ' and ignoreParseError is false' : '');
        }
      });
      if (fatal.length > 0) drop(fatal, fatalReason, false, attempt);
      if (s.keepIdOrder && retry.length > 0) {
        const first = new Map<string, number>();
        for (const i of retry) {
          const id = actions[i]?.id;
          if (id != null && !first.has(id)) first.set(id, i);
        }
        retry = pending.filter(
          (i) =>
            retry.includes(i) ||
            (actions[i]?.id != null && (first.get(actions[i]?.id as string) ?? Infinity) < i && state[i] === 'applied'),
        );
      }
    } catch (e) {
      if (e instanceof ElasticsearchBulkError) throw e;
      if (s.signal?.aborted) throw s.signal.reason;
      const f = toFailure(e);
      lastFailure = f.detail;
      if (!f.retryable) {
        drop(pending, f.detail, false, attempt);
        break;
      }
      retry = pending;
    }
    if (retry.length === 0) break;
    if (attempt >= s.policy.attempts) {
      drop(retry, lastFailure, true, attempt);
      break;
    }
    for (const i of retry) state[i] = 'pending';
    pending = retry;
    await sleep(backoffDelay(attempt - 1, s.policy, s.random), s.signal);
  }
  actions.forEach((a, i) => {
    if (state[i] === 'applied') tally.written += a.records;
    else if (state[i] === 'stale') tally.stale += a.records;
    else if (state[i] === 'dirty') tally.dirty += a.records;
    else if (state[i] === 'dropped') tally.dropped += a.records;
  });
  return tally;
}
