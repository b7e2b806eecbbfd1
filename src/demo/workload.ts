/**
 * The demo's steady stream of changes: puts (new orders and full rewrites), partial updates and deletes over a
 * bounded key space, written in small BatchWriteRow calls a few times a second. Bounded keys keep the table, and
 * the final table-versus-index check, small however long the demo runs.
 */
import type { BatchRowChange, TablestoreStreamClient } from '../plugins/sources/tablestore-stream/client';
import { DEMO_PRIMARY_KEY } from './job-script';

export interface WorkloadOptions {
  /** Changes per second. @default 50 */
  readonly ratePerSecond?: number;
  /** Distinct order ids. @default 1000 */
  readonly keys?: number;
}

export interface WorkloadCounts {
  puts: number;
  updates: number;
  deletes: number;
  /** When the last acknowledged change was written (epoch ms), or 0. */
  lastWriteMs: number;
}

const CUSTOMERS = ['alibaba', 'ant', 'cainiao', 'ele', 'fliggy', 'lazada', 'taobao', 'tmall', 'youku'];
const STATUSES = ['created', 'paid', 'shipped', 'delivered', 'returned'];
const TICK_MS = 200;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** Writes changes until stopped; `existing` seeds which keys hold a row (a restarted demo reuses its table). */
export class DemoWorkload {
  readonly counts: WorkloadCounts = { puts: 0, updates: 0, deletes: 0, lastWriteMs: 0 };
  readonly #ots: TablestoreStreamClient;
  readonly #table: string;
  readonly #rate: number;
  readonly #keys: number;
  readonly #live: Set<string>;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> = Promise.resolve();
  #error: unknown;

  constructor(ots: TablestoreStreamClient, table: string, existing: Iterable<string>, options: WorkloadOptions = {}) {
    this.#ots = ots;
    this.#table = table;
    this.#rate = options.ratePerSecond ?? 50;
    this.#keys = options.keys ?? 1000;
    this.#live = new Set(existing);
  }

  /** The first write error, if one stopped the workload. */
  get error(): unknown {
    return this.#error;
  }

  start(): void {
    let carry = 0;
    this.#timer = setInterval(() => {
      carry += (this.#rate * TICK_MS) / 1000;
      const n = Math.floor(carry);
      carry -= n;
      // One batch at a time: a slow server slows the workload instead of piling up requests.
      if (n > 0)
        this.#inFlight = this.#inFlight.then(() =>
          this.#batch(n).catch((err: unknown) => {
            this.#error ??= err;
            clearInterval(this.#timer);
          }),
        );
    }, TICK_MS);
  }

  /** Stops writing and waits for the batch in flight. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }

  async #batch(n: number): Promise<void> {
    const rows: BatchRowChange[] = [];
    const used = new Set<string>();
    const kinds: ('put' | 'update' | 'delete')[] = [];
    for (let i = 0; i < Math.min(n, 200); i++) {
      const roll = Math.random();
      const live = this.#live.size;
      // Keep the table near half the key space: more deletes when full, more puts when empty.
      const deleteShare = 0.15 * (live / (this.#keys / 2));
      let key: string;
      if (roll < deleteShare && live > 0) {
        key = this.#randomLive();
        if (used.has(key)) continue;
        rows.push({ type: 'DELETE', primaryKey: [{ name: DEMO_PRIMARY_KEY, value: key }] });
        kinds.push('delete');
      } else if (roll < deleteShare + 0.4 && live > 0) {
        key = this.#randomLive();
        if (used.has(key)) continue;
        const cell = Math.random() < 0.6 ? { name: 'status', value: pick(STATUSES) } : amountCell();
        rows.push({ type: 'UPDATE', primaryKey: [{ name: DEMO_PRIMARY_KEY, value: key }], cells: [cell] });
        kinds.push('update');
      } else {
        key = `order-${String(Math.floor(Math.random() * this.#keys)).padStart(5, '0')}`;
        if (used.has(key)) continue;
        rows.push({
          type: 'PUT',
          primaryKey: [{ name: DEMO_PRIMARY_KEY, value: key }],
          attributes: [
            { name: 'customer', value: pick(CUSTOMERS) },
            { name: 'status', value: 'created' },
            amountCell(),
          ],
        });
        kinds.push('put');
      }
      used.add(key);
    }
    if (rows.length === 0) return;
    const results = await this.#ots.batchWriteRow({ tableName: this.#table, rows });
    results.forEach((r, i) => {
      if (!r.ok) throw r.error;
      const key = String(rows[i]!.primaryKey[0]!.value);
      const kind = kinds[i]!;
      if (kind === 'delete') {
        this.#live.delete(key);
        this.counts.deletes++;
      } else {
        this.#live.add(key);
        if (kind === 'put') this.counts.puts++;
        else this.counts.updates++;
      }
    });
    this.counts.lastWriteMs = Date.now();
  }

  #randomLive(): string {
    // Sets have no random access; the key space is small, so sample ids until one is live (bounded tries).
    for (let tries = 0; tries < 50; tries++) {
      const key = `order-${String(Math.floor(Math.random() * this.#keys)).padStart(5, '0')}`;
      if (this.#live.has(key)) return key;
    }
    return this.#live.values().next().value!;
  }
}

function amountCell() {
  return { name: 'amount', value: BigInt(Math.floor(Math.random() * 100_000)) };
}
