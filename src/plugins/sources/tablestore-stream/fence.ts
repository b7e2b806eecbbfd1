/**
 * otsync's committed-window fence: one row per job in the status table (`StreamId` = "otsync", `StatusType` =
 * `OtsyncCommittedWindow`, `StatusValue` = the job id) holding the end of the last window whose records the sink
 * acknowledged. DataX never reads it (it only scans its own three row types under real stream ids).
 *
 * Protocol — why nothing is lost or applied twice after any crash:
 *
 * 1. A run reads window [committed, E) starting from the positions stored at `committed`.
 * 2. It writes the end positions for E (`writeWindowPositions`) BEFORE the fence moves to E.
 * 3. The fence moves to E only after the sink acknowledged every record of the window (§8.2 item 1 fixed).
 * 4. The move is a compare-and-set: `commitWindow(job, expected committed, E, version)` succeeds only if the stored
 *    end is still the expected one, so a stale or duplicate run can move it neither back nor forward wrongly.
 *
 * A crash before 4 leaves the fence at `committed`: the next run re-reads [committed, …) from the positions at
 * `committed` (a rerun of the same window overwrites the positions at E first), so the sink sees those records
 * again — it must be idempotent (otsync's sinks version by sequence) — and nothing is skipped.
 *
 * The status table's 30-day TTL also applies to the fence; a job idle for longer loses it, which cannot hide a
 * gap: its stream data (retention ≤ 7 days) is gone too and the retention check fails the next window.
 */
import { TablestoreError } from '../../../tablestore';
import { CheckpointConflictError } from './errors';
import { cellOf, type StatusTable } from './status-table';
import { committedWindowKey } from './status-keys';

/** The committed window end of a job. */
export interface CommittedWindow {
  /** End (exclusive, epoch ms) of the last window the sink acknowledged. */
  readonly endMs: number;
  /** Run version that committed it. */
  readonly version: string;
}

/** What the caller believes is stored: an end, or no fence yet (`'none'`). */
export type FenceExpectation = { readonly expectedEndMs: number } | 'none';

const END = 'EndTime';
const VERSION = 'Version';
const UPDATED = 'UpdatedAt';

/** The job's committed window, or undefined when none was committed yet. */
export async function readCommitted(
  table: StatusTable,
  jobId: string,
  signal?: AbortSignal,
): Promise<CommittedWindow | undefined> {
  const row = await table.getRow(committedWindowKey(jobId), signal);
  const end = cellOf(row, END);
  const version = cellOf(row, VERSION);
  if (typeof end !== 'bigint') return undefined;
  return { endMs: Number(end), version: typeof version === 'string' ? version : '' };
}

/**
 * Moves the fence from `expected` to `newEndMs`, atomically (a conditional PutRow when there is no fence yet, else
 * an UpdateRow expecting the row and `EndTime = expected`). A retried write whose first attempt succeeded fails
 * its condition; re-reading tells that apart from a real conflict, so the call is safe to retry.
 * @throws CheckpointConflictError when the stored end is not `expected` (another run moved it), or `newEndMs` is
 *   not after the expected end.
 */
export async function commitWindow(
  table: StatusTable,
  jobId: string,
  expected: FenceExpectation,
  newEndMs: number,
  version: string,
  signal?: AbortSignal,
): Promise<CommittedWindow> {
  const expectedEndMs = expected === 'none' ? undefined : expected.expectedEndMs;
  if (!Number.isSafeInteger(newEndMs) || (expectedEndMs !== undefined && newEndMs <= expectedEndMs)) {
    throw new CheckpointConflictError(jobId, 'not-forward', expectedEndMs, expectedEndMs, newEndMs);
  }
  const primaryKey = committedWindowKey(jobId);
  const cells = [
    { name: END, value: BigInt(newEndMs) },
    { name: VERSION, value: version },
    { name: UPDATED, value: BigInt(Date.now()) },
  ];
  const call = table.callOptions(signal);
  try {
    if (expectedEndMs === undefined) {
      await table.client.putRow(
        { tableName: table.tableName, primaryKey, attributes: cells },
        { ...call, condition: { rowExistence: 'EXPECT_NOT_EXIST' } },
      );
    } else {
      await table.client.updateRow(
        { tableName: table.tableName, primaryKey, cells },
        {
          ...call,
          condition: {
            rowExistence: 'EXPECT_EXIST',
            columnCondition: { column: END, comparator: 'EQUAL', value: BigInt(expectedEndMs) },
          },
        },
      );
    }
  } catch (error) {
    if (!(error instanceof TablestoreError) || error.code !== 'OTSConditionCheckFail') throw error;
    const stored = await readCommitted(table, jobId, signal);
    // Our own earlier attempt (a retry after an ambiguous failure) already moved it: done.
    if (stored !== undefined && stored.endMs === newEndMs && stored.version === version) return stored;
    const reason = stored === undefined ? 'missing' : expectedEndMs === undefined ? 'exists' : 'moved';
    throw new CheckpointConflictError(jobId, reason, expectedEndMs, stored?.endMs, newEndMs, { cause: error });
  }
  return { endMs: newEndMs, version };
}
