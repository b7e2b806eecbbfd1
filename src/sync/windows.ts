/**
 * Window arithmetic of a scheduled sync run (pure, deterministic: safe in workflow code).
 *
 * A run at nominal time T covers every not-yet-committed tile from the committed end up to `T − lag`, on a grid of
 * `interval` (epoch-aligned, like the schedule): tiles [E₀, E₁), [E₁, E₂), … with Eᵢ on the grid, except that the
 * first tile starts exactly at the committed end (which a DataWorks status table may have put off-grid). So a late,
 * skipped or failed run loses nothing, and no two runs overlap: the next run starts where this one committed.
 */
import type { SyncWindow } from '../plugins/types';

export interface WindowPlanInput {
  /** End of the last committed window (epoch ms): the next window starts here. */
  readonly committedEndMs: number;
  /** The run's nominal (scheduled) time T, epoch ms. */
  readonly nominalMs: number;
  /** Safety lag: windows end no later than T − lag (DataX requires ≥ 5 min; otsync allows seconds). */
  readonly lagMs: number;
  /** Tile length and grid, epoch-aligned. */
  readonly intervalMs: number;
  /** At most this many tiles in one run; the rest are left for a continuation. */
  readonly maxWindows: number;
}

export interface WindowPlan {
  readonly windows: readonly SyncWindow[];
  /** True when more tiles were due than `maxWindows` allowed. */
  readonly truncated: boolean;
  /** Where the due range ends (T − lag, floored to the grid). */
  readonly targetEndMs: number;
}

/** `floor(ms / interval) * interval`, correct for negative values too. */
export function floorToGrid(ms: number, intervalMs: number): number {
  return Math.floor(ms / intervalMs) * intervalMs;
}

export function planWindows(input: WindowPlanInput): WindowPlan {
  const { committedEndMs, nominalMs, lagMs, intervalMs, maxWindows } = input;
  if (!(intervalMs > 0) || !Number.isInteger(intervalMs)) throw new RangeError('intervalMs must be a positive integer');
  if (!(lagMs >= 0)) throw new RangeError('lagMs must be ≥ 0');
  if (!(maxWindows >= 1)) throw new RangeError('maxWindows must be ≥ 1');
  const targetEndMs = floorToGrid(nominalMs - lagMs, intervalMs);
  const windows: SyncWindow[] = [];
  let start = committedEndMs;
  while (start < targetEndMs && windows.length < maxWindows) {
    const end = Math.min(floorToGrid(start, intervalMs) + intervalMs, targetEndMs);
    windows.push({ startMs: start, endMs: end });
    start = end;
  }
  return { windows, truncated: start < targetEndMs, targetEndMs };
}

/**
 * Where a job with no committed window starts: the tile just before the first due end, i.e. its first run syncs
 * one interval. (A job moving from DataWorks starts from DataWorks' own status-table position instead.)
 */
export function firstWindowStart(nominalMs: number, lagMs: number, intervalMs: number): number {
  return floorToGrid(nominalMs - lagMs, intervalMs) - intervalMs;
}
