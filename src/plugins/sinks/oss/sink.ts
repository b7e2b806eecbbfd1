/**
 * The OSS sink: each window becomes objects named after the job, the window and the shard (naming.ts), in the
 * line layout DataX's `osswriter` writes (text, csv) or as Parquet, after the job's `writeMode` (write-mode.ts).
 *
 * Exactly once: a window's objects appear only when their uploads complete, the committed position moves only after
 * the write returned, and a rerun of the window (retry, crash, manual rerun) writes the same names again —
 * replacing its own objects — then removes whatever an earlier attempt of the window left under other names. So
 * whatever fails, each change is in the bucket once.
 *
 * Which records: exactly the lines DataX would write (`dataxEmits`) — in row mode that drops deletes, as DataX does;
 * the multi-version layout carries deletes as `DO`/`DA`/`DR` lines.
 */
import type { LineValue, SinkWriteResult, SourceRecord, WindowWriteContext } from '../../types';
import { javaDoubleText } from '../elasticsearch/datax-values';
import { OssClient, type OssClientOptions } from './client';
import { OssConfigError } from './errors';
import { createEncoderFactory, type EncoderFactory } from './format';
import { ObjectWriter, MIN_PART_BYTES } from './object-writer';
import { type ObjectNaming, objectName, partitionValues, windowPrefix } from './naming';
import type { CompiledOssConfig } from './schema';
import { applyWriteMode } from './write-mode';

const MIB = 1024 * 1024;

/** Bytes all open objects of a window may hold before the fullest sends a part early. */
export const WINDOW_MEMORY_BUDGET = 128 * MIB;

export interface OssSinkOptions {
  readonly timeZone: string;
  /** Overrides for tests (smaller parts, fewer retries). */
  readonly partBytes?: number;
  readonly memoryBudget?: number;
  readonly client?: Partial<Pick<OssClientOptions, 'attempts' | 'backoffMs' | 'timeoutMs'>>;
}

/** What the last window wrote: for progress, tests and the benchmark. */
export interface OssWindowStats {
  readonly objects: readonly string[];
  readonly bytes: number;
  /** PutObject and UploadPart requests. */
  readonly requests: number;
  /** Most bytes all open objects held in memory at once. */
  readonly peakBufferedBytes: number;
}

export class OssSink {
  lastWindow: OssWindowStats | undefined;
  #peak = 0;
  readonly #config: CompiledOssConfig;
  readonly #client: OssClient;
  readonly #encoders: EncoderFactory;
  readonly #partBytes: number;
  readonly #budget: number;
  readonly #naming: ObjectNaming;
  readonly #suffix: string;

  constructor(
    config: CompiledOssConfig,
    connection: Omit<OssClientOptions, 'attempts' | 'backoffMs' | 'timeoutMs'>,
    options: OssSinkOptions,
  ) {
    this.#config = config;
    this.#client = new OssClient({ ...connection, ...options.client });
    this.#encoders = createEncoderFactory(config, { timeZone: options.timeZone });
    this.#partBytes = Math.max(MIN_PART_BYTES, options.partBytes ?? config.blockSizeInMb * MIB);
    this.#budget = options.memoryBudget ?? WINDOW_MEMORY_BUDGET;
    this.#naming = config.objectNaming;
    this.#suffix = config.suffix || (this.#encoders.parquetExtension ?? '');
  }

  /** The bucket must exist: DataX never creates it (`OssWriter-02` "bucket does not exist"). */
  async prepare(): Promise<void> {
    if (!(await this.#client.bucketExists())) {
      throw new OssConfigError(`the OSS bucket "${this.#client.bucket}" does not exist`, {
        hint: 'create it first (the OSS writer never creates buckets), or fix "bucket" / the datasource',
      });
    }
  }

  write(): Promise<SinkWriteResult> {
    return Promise.reject(new Error('the OSS sink writes whole windows (writeWindow)'));
  }

  async writeWindow(
    context: WindowWriteContext,
    batches: AsyncIterable<readonly SourceRecord[]>,
    options: { signal: AbortSignal; onProgress: (totals: SinkWriteResult) => void },
  ): Promise<SinkWriteResult> {
    const config = this.#config;
    const single = config.writeSingleObject;
    await applyWriteMode(this.#client, {
      mode: config.writeMode,
      object: config.object,
      single,
      naming: this.#naming,
      window: context.window,
    });
    const writers = new Map<string, ObjectWriter>();
    const totals = { written: 0, skippedStale: 0, dirty: 0, dirtySamples: [] as string[] };
    this.#peak = 0;
    const writerFor = (shardId: string, first: readonly LineValue[] | undefined): ObjectWriter => {
      const key = single ? '' : shardId;
      let writer = writers.get(key);
      if (!writer) {
        const partition =
          !single && config.partition.length > 0 && first
            ? partitionValues(first.map(plainText), config.partition.length)
            : undefined;
        writer = new ObjectWriter({
          client: this.#client,
          encoders: this.#encoders,
          nameOf: (roll) =>
            single
              ? config.object
              : objectName({
                  object: config.object,
                  naming: this.#naming,
                  jobId: context.jobId,
                  window: context.window,
                  shardId,
                  roll,
                  suffix: this.#suffix,
                  ...(partition ? { partitionValues: partition } : {}),
                }),
          partBytes: this.#partBytes,
          // DataX rolls text/csv objects after maxFileSize / blockSizeInMB parts; one object is one Parquet file.
          partsPerObject:
            single || config.columnar ? Infinity : Math.max(1, Math.floor(config.maxFileSizeMb / config.blockSizeInMb)),
          headers: config.encrypt ? { 'x-oss-server-side-encryption': 'AES256' } : {},
        });
        writers.set(key, writer);
      }
      return writer;
    };

    try {
      for await (const batch of batches) {
        if (options.signal.aborted) throw options.signal.reason ?? new Error('cancelled');
        // Consecutive records of one shard go to its writer together.
        let i = 0;
        while (i < batch.length) {
          const shardId = batch[i]!.change.sequence.shardId;
          const rows: (readonly LineValue[])[] = [];
          for (; i < batch.length && batch[i]!.change.sequence.shardId === shardId; i++) {
            if (batch[i]!.dataxEmits) rows.push(batch[i]!.columns);
          }
          if (rows.length === 0) continue;
          const dirty = await writerFor(shardId, rows[0]).add(rows);
          totals.written += rows.length - dirty.length;
          totals.dirty += dirty.length;
          for (const d of dirty) if (totals.dirtySamples.length < 10) totals.dirtySamples.push(d.message);
          await this.#holdBudget(writers);
        }
        options.onProgress(totals);
      }
      if (writers.size === 0 && config.generateEmptyFile) writerFor('', undefined).openEmpty();
      // The shards' last parts and completions go up together: against a real endpoint each is a round trip.
      const finished = await Promise.all([...writers.values()].map((w) => w.finish()));
      const written = new Set<string>(finished.flat());
      await this.#removeLeftovers(context, written);
      const sent = [...writers.values()].map((w) => w.sent);
      this.lastWindow = {
        objects: [...written].sort(),
        bytes: sent.reduce((n, s) => n + s.bytes, 0),
        requests: sent.reduce((n, s) => n + s.parts, 0),
        peakBufferedBytes: this.#peak,
      };
    } catch (err) {
      await Promise.all([...writers.values()].map((w) => w.abort()));
      throw err;
    }
    return totals;
  }

  async finishWindow(): Promise<void> {}

  async close(): Promise<void> {}

  /** Keeps the bytes held by all open objects under the budget: the fullest sends its part early. */
  async #holdBudget(writers: Map<string, ObjectWriter>): Promise<void> {
    for (;;) {
      let total = 0;
      let fullest: ObjectWriter | undefined;
      for (const w of writers.values()) {
        total += w.bufferedBytes;
        if (!fullest || w.bufferedBytes > fullest.bufferedBytes) fullest = w;
      }
      this.#peak = Math.max(this.#peak, total);
      if (total <= this.#budget || !fullest) return;
      const before = fullest.bufferedBytes;
      await fullest.flushPart();
      if (fullest.bufferedBytes >= before) return; // nothing could be sent (parts under 100 KB)
    }
  }

  /**
   * Objects of this window that an earlier attempt wrote under names this attempt did not use (a roll that no
   * longer happens, a shard without rows now) would duplicate rows: they go. Only `window` naming can find them.
   */
  async #removeLeftovers(context: WindowWriteContext, written: ReadonlySet<string>): Promise<void> {
    if (this.#naming !== 'window' || this.#config.writeSingleObject) return;
    const stale: string[] = [];
    for await (const page of this.#client.list(windowPrefix(this.#config.object, context.window))) {
      for (const o of page) if (!written.has(o.name)) stale.push(o.name);
    }
    if (stale.length > 0) await this.#client.deleteMany(stale);
  }
}

/** The text of a value for `partition` names (DataX `asString`). */
function plainText(value: LineValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return javaDoubleText(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}
