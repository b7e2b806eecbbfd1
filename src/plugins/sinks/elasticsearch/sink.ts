/**
 * The Elasticsearch sink: DataX's elasticsearchwriter (writers.md §1) plus otsync's two extensions, each on by
 * default and switchable back to DataX-identical behaviour.
 *
 * **External versioning** (`externalVersioning`, versioning.ts): every write carries `version_type: external`
 * and a version derived from the change's stream sequence. Elasticsearch then refuses (409) any write older
 * than or as old as what it stores, so out-of-order and replayed batches never regress a document and a rerun of
 * a window changes nothing (409s are counted `skippedStale`). Tablestore row changes are not all whole-row
 * writes, though: an UpdateRow carries only its touched columns, and DataX's answers to that (`index` wiping the
 * other fields with nulls, or `update` + `doc_as_upsert`) cannot be versioned — the `update` API refuses
 * external versions, and Painless scripts (which could compare versions server-side) are not available
 * everywhere. Hence, per batch:
 *
 * 1. the changes of one `_id` are folded in log order into one net change (fold.ts);
 * 2. a net change starting with a PUT or DELETE is a full replacement: `index` or `delete`, with its version;
 * 3. a net change of UPDATEs only is merged with the stored document: `mget` it, overwrite only the touched
 *    fields, and `index` the result with the external version. If the stored document changed in between,
 *    or is already newer, Elasticsearch answers 409 and the change is stale — the version makes the
 *    read-modify-write safe without locks.
 *
 * **Delete propagation** (`propagateDeletes`): row deletes, which DataX's reader drops in row mode, arrive with
 * `dataxEmits: false` and become Elasticsearch `delete`s (versioned when versioning is on; the index keeps the
 * tombstone for `gcDeletes`, see prepare.ts).
 *
 * With `externalVersioning: false` the sink writes as DataX does — `actionType` index or update with
 * doc_as_upsert, user `version` columns, `deleteBy` — skipping records with `dataxEmits: false` (except deletes
 * while `propagateDeletes` is on, sent unversioned). Records of multi-version mode carry no `touched`; they are
 * treated as whole rows.
 */
import { log as defaultLog } from '../../../common/log';
import type { SinkWriteResult, SourceRecord } from '../../types';
import { writeBulk, type BulkAction, type BulkTally } from './bulk';
import { DocumentBuilder, type BuiltDocument } from './documents';
import { EsCallFailure, EsHttp, withRetries, type ElasticsearchTarget } from './http';
import { foldChanges, type FoldInput, type NetChange } from './fold';
import { parseJsonLossless, RawNumber, type JsonValue } from './json';
import { prepareIndex, updateAlias, type PrepareContext, type PreparedIndex } from './prepare';
import { bulkBackoff, type BackoffPolicy, type Sleep } from './retry';
import type { CompiledElasticsearchConfig } from './schema';
import { sequenceVersion } from './versioning';

/** Where log lines go; one plain sentence plus data-free fields. */
export interface SinkLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

/** Options of {@link ElasticsearchSink}. */
export interface ElasticsearchSinkOptions {
  /** Zone of `date` columns without `timezone` (DataX: the worker JVM's). @default "Asia/Shanghai" */
  readonly timeZone?: string;
  /** @default the project logger */
  readonly logger?: SinkLogger;
  /** Injected by tests to skip real waiting. */
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

type Fields = Record<string, JsonValue | undefined>;
const MAX_SAMPLES = 10;

/** A stored document read for a merge. */
interface StoredDoc {
  readonly version: bigint;
  readonly source: Record<string, JsonValue>;
}

/** Writes change records into one Elasticsearch index. */
export class ElasticsearchSink {
  readonly #config: CompiledElasticsearchConfig;
  readonly #http: EsHttp;
  readonly #builder: DocumentBuilder;
  readonly #options: ElasticsearchSinkOptions;
  readonly #log: SinkLogger;
  readonly #policy: BackoffPolicy;
  #prepared: PreparedIndex | undefined;

  /**
   * @param config the compiled writer parameters (plan `sink.config`)
   * @param target endpoints and the credentials resolved at run time
   * @throws ElasticsearchConfigError for a `splitter`, date `format` or `timezone` otsync cannot use
   */
  constructor(
    config: CompiledElasticsearchConfig,
    target: ElasticsearchTarget,
    options: ElasticsearchSinkOptions = {},
  ) {
    this.#config = config;
    this.#options = options;
    this.#log = options.logger ?? defaultLog;
    this.#builder = new DocumentBuilder(config, options.timeZone ? { timeZone: options.timeZone } : {});
    this.#http = new EsHttp(target, {
      timeoutMs: config.timeoutMs,
      compression: config.compression,
      discovery: config.discovery,
    });
    this.#policy = bulkBackoff(config.trySize, config.tryIntervalMs);
  }

  /** Whether writes are versioned: the extension is on and documents have ids to version. */
  get versioned(): boolean {
    return this.#config.externalVersioning && this.#builder.hasIdSource;
  }

  #context(signal?: AbortSignal): PrepareContext {
    return {
      http: this.#http,
      config: this.#config,
      gcDeletes: this.versioned ? this.#config.gcDeletes : undefined,
      ...(signal && { signal }),
      ...(this.#options.sleep && { sleep: this.#options.sleep }),
      ...(this.#options.random && { random: this.#options.random }),
      warn: (message, fields) => this.#log.warn({ index: this.#config.index, ...fields }, message),
    };
  }

  /**
   * Detects the server version, creates the index when missing (or recreates it with `cleanup`), puts the
   * mapping, and with versioning ensures `index.gc_deletes`. Runs once per window, like DataX's Job.prepare.
   * @throws ElasticsearchRequestError, ElasticsearchConfigError
   */
  async prepare(options: { signal?: AbortSignal } = {}): Promise<void> {
    this.#prepared = await prepareIndex(this.#context(options.signal));
  }

  /**
   * Writes one batch (any number of records; sent in bulks of `batchSize`). Callable repeatedly per window.
   * @throws ElasticsearchBulkError, ElasticsearchRequestError, ElasticsearchConfigError, ElasticsearchVersionError
   */
  async write(batch: readonly SourceRecord[], options: { signal?: AbortSignal } = {}): Promise<SinkWriteResult> {
    this.#prepared ??= await prepareIndex(this.#context(options.signal));
    const result = { written: 0, skippedStale: 0, dirty: 0, dirtySamples: [] as string[] };
    const dirty = (records: number, message: string) => {
      result.dirty += records;
      if (result.dirtySamples.length < MAX_SAMPLES) result.dirtySamples.push(message);
    };
    const actions = this.versioned
      ? await this.#versionedActions(batch, dirty, result, options.signal)
      : this.#dataxActions(batch, dirty);
    const size = this.#config.batchSize;
    for (let i = 0; i < actions.length; i += size) {
      const tally = await this.#send(actions.slice(i, i + size), options.signal);
      result.written += tally.written;
      result.skippedStale += tally.stale;
      result.dirty += tally.dirty;
      for (const s of tally.dirtySamples) if (result.dirtySamples.length < MAX_SAMPLES) result.dirtySamples.push(s);
    }
    return result;
  }

  /** DataX Job.post: points `alias` at the index. @throws ElasticsearchRequestError (DataX ESWriter-05) */
  async finishWindow(options: { signal?: AbortSignal } = {}): Promise<void> {
    await updateAlias(this.#context(options.signal));
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #bulkPath(): string {
    const index = encodeURIComponent(this.#config.index);
    return this.#prepared?.sevenPlus === false
      ? `/${index}/${encodeURIComponent(this.#config.indexType)}/_bulk`
      : `/${index}/_bulk`;
  }

  #send(actions: readonly BulkAction[], signal: AbortSignal | undefined): Promise<BulkTally> {
    return writeBulk(this.#http, actions, {
      path: this.#bulkPath(),
      querystring: this.#config.urlParams,
      policy: this.#policy,
      ignoreParseError: this.#config.ignoreParseError,
      ignoreWriteError: this.#config.ignoreWriteError,
      keepIdOrder: !this.versioned,
      ...(signal && { signal }),
      ...(this.#options.sleep && { sleep: this.#options.sleep }),
      ...(this.#options.random && { random: this.#options.random }),
      onDrop: (records, reason) =>
        this.#log.warn(
          { index: this.#config.index, records, reason },
          'Elasticsearch refused documents for good; they are dropped because ignoreWriteError is set.',
        ),
    });
  }

  // ------------------------------------------------------------------------------------------------------------
  // DataX-identical mode
  // ------------------------------------------------------------------------------------------------------------

  #dataxActions(batch: readonly SourceRecord[], dirty: (n: number, m: string) => void): BulkAction[] {
    const cfg = this.#config;
    const actions: BulkAction[] = [];
    const noFields = batch[0] ? batch[0].columns.map(() => false) : [];
    for (const record of batch) {
      const isDelete = record.change.action === 'DELETE' && cfg.propagateDeletes;
      if (!record.dataxEmits && !isDelete) continue;
      const built = this.#builder.build(record, isDelete ? noFields : undefined);
      if (!built.ok) {
        dirty(1, built.message);
        continue;
      }
      const d = built.doc;
      const address = { routing: d.routing, parent: d.parent, records: 1 };
      if (isDelete) {
        if (d.id === null) dirty(1, 'a row delete has no document id (the id columns must be primary-key columns)');
        else actions.push({ op: 'delete', id: d.id, ...address, version: null, versionType: null });
      } else if (d.deleteBy) {
        // DataX's Delete.Builder(id) sends no routing, parent or version.
        actions.push({
          op: 'delete',
          id: d.deleteId,
          routing: null,
          parent: null,
          version: null,
          versionType: null,
          records: 1,
        });
      } else if (cfg.actionType === 'index') {
        actions.push({
          op: 'index',
          id: d.id,
          ...address,
          version: d.version,
          versionType: d.version === null ? null : 'external',
          body: d.fields,
        });
      } else {
        actions.push({
          op: 'update',
          id: d.id,
          ...address,
          version: d.version,
          versionType: null,
          body: { doc: d.fields, doc_as_upsert: true },
        });
      }
    }
    return actions;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Versioned mode
  // ------------------------------------------------------------------------------------------------------------

  async #versionedActions(
    batch: readonly SourceRecord[],
    dirty: (n: number, m: string) => void,
    result: { skippedStale: number },
    signal: AbortSignal | undefined,
  ): Promise<BulkAction[]> {
    const cfg = this.#config;
    const inputs: FoldInput[] = [];
    const actions: BulkAction[] = [];
    batch.forEach((record, position) => {
      const { action, touched, sequence } = record.change;
      if (action === 'DELETE' && !cfg.propagateDeletes) return;
      let kind: FoldInput['kind'] = action === 'DELETE' ? 'delete' : action === 'UPDATE' && touched ? 'patch' : 'full';
      const only = kind === 'delete' ? record.columns.map(() => false) : kind === 'patch' ? touched : undefined;
      const built = this.#builder.build(record, only);
      if (!built.ok) return dirty(1, built.message);
      const d: BuiltDocument = built.doc;
      if (d.deleteBy) kind = 'delete';
      const id = kind === 'delete' && d.deleteBy ? (d.id ?? d.deleteId) : d.id;
      if (id === null) {
        if (kind === 'delete')
          return dirty(1, 'a delete has no document id (the id columns must be primary-key columns)');
        if (cfg.actionType === 'update') return dirty(1, 'update needs a document id, and the id columns are null');
        // Generated ids cannot be versioned: written like DataX's actionType index.
        actions.push({
          op: 'index',
          id: null,
          routing: d.routing,
          parent: d.parent,
          version: null,
          versionType: null,
          body: this.#builder.fullDocument(d.fields),
          records: 1,
        });
        return;
      }
      inputs.push({
        id,
        routing: d.routing,
        parent: d.parent,
        sequence,
        version: sequenceVersion(sequence),
        position,
        kind,
        fields: d.fields,
      });
    });
    const nets = foldChanges(inputs, (f) => this.#builder.fullDocument(f));
    const stored = await this.#readStored(
      nets.filter((n) => n.kind === 'patch'),
      signal,
    );
    for (const net of nets) {
      const address = {
        id: net.id,
        routing: net.routing,
        parent: net.parent,
        version: net.version,
        versionType: 'external' as const,
        records: net.records,
      };
      if (net.kind === 'delete') actions.push({ op: 'delete', ...address });
      else if (net.kind === 'full') actions.push({ op: 'index', ...address, body: net.fields });
      else {
        const s = stored.get(net.id);
        if (s && s.version >= net.version) {
          result.skippedStale += net.records;
          continue;
        }
        actions.push({
          op: 'index',
          ...address,
          body: s ? merge(s.source, net.fields) : this.#builder.fullDocument(net.fields),
        });
      }
    }
    return actions;
  }

  /** `mget` of the stored documents of patches, read without losing digits; missing ones are absent. */
  async #readStored(patches: readonly NetChange[], signal: AbortSignal | undefined): Promise<Map<string, StoredDoc>> {
    const out = new Map<string, StoredDoc>();
    const index = encodeURIComponent(this.#config.index);
    const path =
      this.#prepared?.sevenPlus === false
        ? `/${index}/${encodeURIComponent(this.#config.indexType)}/_mget`
        : `/${index}/_mget`;
    const size = this.#config.batchSize;
    for (let i = 0; i < patches.length; i += size) {
      const chunk = patches.slice(i, i + size);
      const docs = chunk.map((p) => ({ _id: p.id, ...(p.routing !== null && { routing: p.routing }) }));
      const body = await withRetries(
        'mget',
        this.#policy,
        async () => {
          const res = await this.#http.request<string>(
            { method: 'POST', path, body: { docs } },
            { raw: true, ...(signal && { signal }) },
          );
          const parsed = parseJsonLossless(res.body) as { docs?: readonly Record<string, JsonValue>[] };
          if (parsed.docs?.some((d) => d.error !== undefined)) {
            throw new EsCallFailure(res.status, 'mget_item_error', true, 'a document could not be read');
          }
          return parsed;
        },
        {
          ...(signal && { signal }),
          ...(this.#options.sleep && { sleep: this.#options.sleep }),
          ...(this.#options.random && { random: this.#options.random }),
        },
      );
      for (const doc of body.docs ?? []) {
        if (doc.found !== true) continue;
        const version = doc._version instanceof RawNumber ? BigInt(doc._version.text) : 0n;
        out.set(String(doc._id), { version, source: (doc._source ?? {}) as Record<string, JsonValue> });
      }
    }
    return out;
  }
}

/** The stored document with the patch's fields on top; a field left out (`undefined`) keeps its stored value. */
function merge(stored: Record<string, JsonValue>, patch: Fields): Fields {
  const out: Fields = { ...stored };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out;
}
