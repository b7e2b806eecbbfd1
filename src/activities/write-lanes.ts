/**
 * Concurrent writing that keeps per-row order: records are dealt into lanes by a hash of their primary key, so all
 * changes of one row go through one lane, in staged (= stream) order; lanes run at the same time. Order only
 * matters per row — the sinks' versioning and merging of partial updates rely on it — so this is as safe as one
 * lane while letting the sink, not otsync, set the pace.
 */
import type { KeyColumn, SinkWriteResult, SourceRecord } from '../plugins/types';

/** Records a lane collects before it sends them as one sink write. */
export const LANE_BATCH = 1000;

/** FNV-1a over the key's text: cheap, stable, and spreads keys evenly enough for a handful of lanes. */
export function laneOf(primaryKey: readonly KeyColumn[], lanes: number): number {
  let h = 0x811c9dc5;
  for (const { value } of primaryKey) {
    const text = value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // column separator, so ("ab","c") and ("a","bc") differ
  }
  return (h >>> 0) % lanes;
}

export interface LaneWriterOptions {
  readonly lanes: number;
  readonly write: (batch: readonly SourceRecord[]) => Promise<SinkWriteResult>;
  /** Called after every completed write with the running totals; may throw to stop (e.g. the dirty limit). */
  readonly onResult: (result: SinkWriteResult) => void;
}

/** Feeds records into lanes; `flush()` waits for every lane and rethrows the first failure. */
export class LaneWriter {
  readonly #opts: LaneWriterOptions;
  readonly #buffers: SourceRecord[][];
  readonly #tails: Promise<void>[];
  #inFlight = 0;
  #failure: { error: unknown } | undefined;

  constructor(opts: LaneWriterOptions) {
    this.#opts = opts;
    this.#buffers = Array.from({ length: opts.lanes }, () => []);
    this.#tails = Array.from({ length: opts.lanes }, () => Promise.resolve());
  }

  /** Adds records; waits when too much is in flight, so memory stays bounded whatever the window's size. */
  async add(records: readonly SourceRecord[]): Promise<void> {
    this.#throwIfFailed();
    for (const record of records) {
      const lane = laneOf(record.change.primaryKey, this.#opts.lanes);
      const buffer = this.#buffers[lane]!;
      buffer.push(record);
      if (buffer.length >= LANE_BATCH) this.#dispatch(lane);
    }
    while (this.#inFlight > 2 * this.#opts.lanes * LANE_BATCH && !this.#failure) await Promise.race(this.#tails);
    this.#throwIfFailed();
  }

  async flush(): Promise<void> {
    for (let lane = 0; lane < this.#opts.lanes; lane++) if (this.#buffers[lane]!.length > 0) this.#dispatch(lane);
    await Promise.all(this.#tails);
    this.#throwIfFailed();
  }

  #dispatch(lane: number): void {
    const batch = this.#buffers[lane]!;
    this.#buffers[lane] = [];
    this.#inFlight += batch.length;
    this.#tails[lane] = this.#tails[lane]!.then(async () => {
      try {
        if (this.#failure) return;
        this.#opts.onResult(await this.#opts.write(batch));
      } catch (error) {
        this.#failure ??= { error };
      } finally {
        this.#inFlight -= batch.length;
      }
    });
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
