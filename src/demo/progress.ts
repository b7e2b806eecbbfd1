/**
 * What the demo shows while it runs: the activities of its in-process worker, wrapped to note each committed
 * window, and one status line (table rows vs documents, last window, freshness). Counts only, never data.
 */
import type { SyncActivities } from '../activities';

/** The last window the demo's worker committed. */
export interface CommittedWindowNote {
  readonly startMs: number;
  readonly endMs: number;
  readonly recordsRead: number;
  readonly committedAtMs: number;
}

/** Collects what the wrapped activities report. */
export class SyncProgress {
  last: CommittedWindowNote | undefined;
  windows = 0;
  recordsRead = 0;
  recordsWritten = 0;
  failures = 0;
  lastFailure: string | undefined;

  /** The activities with commits and writes noted; behaviour is otherwise unchanged. */
  wrap(acts: SyncActivities): SyncActivities {
    return {
      ...acts,
      writeWindow: async (input) => {
        const result = await this.#noteFailure(acts.writeWindow(input));
        this.recordsWritten += result.written;
        return result;
      },
      readWindow: (input) => this.#noteFailure(acts.readWindow(input)),
      prepareJob: (input) => this.#noteFailure(acts.prepareJob(input)),
      commitWindow: async (input) => {
        await this.#noteFailure(acts.commitWindow(input));
        this.windows++;
        this.recordsRead += input.manifest.recordsRead;
        this.last = {
          startMs: input.window.startMs,
          endMs: input.window.endMs,
          recordsRead: input.manifest.recordsRead,
          committedAtMs: Date.now(),
        };
      },
    };
  }

  async #noteFailure<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      this.failures++;
      this.lastFailure = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw err;
    }
  }
}

const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/** One status line: `rows 512 · docs 498 · window [12:00:00, 12:00:10) 37 read · freshness 7.2 s · changes …`. */
export function statusLine(p: {
  rows: number;
  docs: number | undefined;
  progress: SyncProgress;
  changes: number;
  nowMs: number;
}): string {
  const { last } = p.progress;
  const window = last
    ? `[${clock(last.startMs)}, ${clock(last.endMs)}) ${last.recordsRead} read`
    : 'waiting for the first run';
  // Everything written before the committed end is searchable: its age is how far the index trails the table.
  const freshness = last ? `${((p.nowMs - last.endMs) / 1000).toFixed(1)} s` : '-';
  return [
    `table ${p.rows} rows`,
    `index ${p.docs ?? '?'} docs`,
    `last window ${window}`,
    `freshness ${freshness}`,
    `${p.changes} changes written`,
  ].join(' · ');
}
