/**
 * syncJobWorkflow: one periodic instance of a sync job. Deterministic code only: all I/O is in activities.
 *
 * Each run: prepare (endpoints, stream, status table, index) → plan the tiles due from the committed end up to
 * T − lag → for each tile: read (stage records, return a small manifest) → write (sink acknowledges) → commit
 * (positions, then the fenced committed-window row). The committed end only moves after the sink acknowledged,
 * so a crash anywhere re-reads and re-writes the same window; the sink's versioning makes that a no-op.
 * Self-dependency: the schedule skips overlapping runs, and each run starts where the last one committed.
 */
import {
  ActivityCancellationType,
  ApplicationFailure,
  continueAsNew,
  proxyActivities,
  upsertMemo,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { SyncActivities } from '../activities';
import {
  RECORDS_DIRTY,
  RECORDS_READ,
  RECORDS_WRITTEN,
  SYNC_JOB,
  SYNC_SINK,
  WINDOW_END,
  WINDOW_START,
} from '../common/search-attributes';
import {
  DEFAULT_ACTIVITY_TIMEOUTS,
  NON_RETRYABLE_ERROR_TYPES,
  type SyncJobInput,
  type SyncRunSummary,
} from '../sync/job-input';
import { firstWindowStart, planWindows } from '../sync/windows';
import { nominalTime } from './nominal-time';

// ================================================================================================================
// Activities
// ================================================================================================================

const QUICK_START_TO_CLOSE_MS = 120_000;

function activitiesFor(input: SyncJobInput) {
  const retry = {
    initialInterval: input.retry.intervalMs,
    backoffCoefficient: 1,
    maximumInterval: input.retry.intervalMs,
    maximumAttempts: input.retry.maximumAttempts,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  };
  // Long reads and writes heartbeat; the heartbeat timeout is how a killed worker is noticed quickly.
  const timeouts = input.timeouts ?? DEFAULT_ACTIVITY_TIMEOUTS;
  const io = proxyActivities<SyncActivities>({
    startToCloseTimeout: timeouts.startToCloseMs,
    heartbeatTimeout: timeouts.heartbeatMs,
    retry,
    // The effective SDK default is TRY_CANCEL; a cancelled run must not close while a writer still writes.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  // Prepare and commit do not heartbeat: their start-to-close timeout is how a worker killed during them is
  // noticed, so it never exceeds the job's own per-attempt bound (2 minutes unless the job sets less).
  const quick = proxyActivities<SyncActivities>({
    startToCloseTimeout: Math.min(QUICK_START_TO_CLOSE_MS, timeouts.startToCloseMs),
    retry,
  });
  return {
    prepareJob: quick.prepareJob,
    readWindow: io.readWindow,
    writeWindow: io.writeWindow,
    commitWindow: quick.commitWindow,
  };
}

// ================================================================================================================
// Workflow
// ================================================================================================================

export async function syncJobWorkflow(input: SyncJobInput): Promise<SyncRunSummary> {
  const { jobId, plan, schedule } = input;
  const acts = activitiesFor(input);
  const T = nominalTime(input.nominalTimeOverride);
  if (!T || Number.isNaN(T.getTime())) {
    throw ApplicationFailure.nonRetryable(
      'the run has no nominal time: start it from a schedule or pass nominalTimeOverride',
      'JobConfigError',
    );
  }
  upsertSearchAttributes([
    { key: SYNC_JOB, value: jobId },
    { key: SYNC_SINK, value: plan.sink.plugin },
  ]);

  const prepared = await acts.prepareJob({ jobId, plan });
  const committedEndMs =
    prepared.committedEndMs ??
    prepared.dataxResumeStartMs ??
    input.initialStartMs ??
    firstWindowStart(T.getTime(), schedule.lagMs, schedule.intervalMs);

  let windows;
  let truncated = false;
  if (input.manualWindow) {
    refuseDuplicatingRerun(input, prepared.committedEndMs);
    windows = [input.manualWindow];
  } else {
    const planned = planWindows({
      committedEndMs,
      nominalMs: T.getTime(),
      lagMs: schedule.lagMs,
      intervalMs: schedule.intervalMs,
      maxWindows: schedule.maxWindowsPerRun,
    });
    windows = planned.windows;
    truncated = planned.truncated;
  }

  // Data older than retention − 10 min may already be trimmed: fail loudly rather than skip it silently.
  const oldestSafeMs = T.getTime() - prepared.retentionHours * 3_600_000 + 600_000;
  const first = windows[0];
  if (first && first.startMs < oldestSafeMs) {
    throw ApplicationFailure.nonRetryable(
      `data gap: the next window starts at ${new Date(first.startMs).toISOString()}, older than the stream's ` +
        `retention allows (${prepared.retentionHours} h); changes since then may be lost`,
      'DataGapError',
    );
  }

  const totals = { read: 0, written: 0, dirty: 0, stale: 0 };
  if (first) {
    upsertSearchAttributes([
      { key: WINDOW_START, value: new Date(first.startMs) },
      { key: WINDOW_END, value: new Date(windows[windows.length - 1]!.endMs) },
    ]);
  }
  let expectedEndMs = prepared.committedEndMs;
  for (const window of windows) {
    // DataX's run version format: "<ms>-<uuid>"; deterministic here (workflow clock and seeded uuid).
    const runVersion = `${Date.now()}-${uuid4()}`;
    let manifest = await acts.readWindow({ jobId, plan, streamId: prepared.streamId, window, runVersion });
    let written;
    try {
      written = await acts.writeWindow({ jobId, plan, manifest });
    } catch (err) {
      // The staged records live on the reading worker; if it died, read the window again and write that.
      if (!isStagingMissing(err)) throw err;
      manifest = await acts.readWindow({ jobId, plan, streamId: prepared.streamId, window, runVersion });
      written = await acts.writeWindow({ jobId, plan, manifest });
    }
    await acts.commitWindow({
      jobId,
      plan,
      window,
      manifest,
      expectedEndMs,
      runVersion,
      ...(written.pendingCommit ? { pendingCommit: written.pendingCommit } : {}),
    });
    expectedEndMs = window.endMs;
    totals.read += manifest.recordsRead;
    totals.written += written.written;
    totals.dirty += written.dirty;
    totals.stale += written.skippedStale;
  }

  const summary: SyncRunSummary = {
    jobId,
    windows: windows.length,
    firstStartMs: first?.startMs ?? null,
    lastEndMs: windows.length > 0 ? windows[windows.length - 1]!.endMs : null,
    recordsRead: totals.read,
    recordsWritten: totals.written,
    recordsDirty: totals.dirty,
    recordsSkippedStale: totals.stale,
    continued: truncated,
  };
  upsertSearchAttributes([
    { key: RECORDS_READ, value: totals.read },
    { key: RECORDS_WRITTEN, value: totals.written },
    { key: RECORDS_DIRTY, value: totals.dirty },
  ]);
  upsertMemo({ summary });
  if (truncated) {
    // More tiles are due than one run may hold in its history: carry on in a fresh run of the same chain.
    await continueAsNew<typeof syncJobWorkflow>({ ...input, nominalTimeOverride: T.toISOString() });
  }
  return summary;
}

/**
 * Every sink makes a rerun of a committed window harmless (versions, deterministic object names, overwrite) except
 * an append-mode MaxCompute table, where the Tunnel can only add rows: such a rerun would add the window twice.
 */
function refuseDuplicatingRerun(input: SyncJobInput, committedEndMs: number | null): void {
  const { plan, manualWindow } = input;
  if (!manualWindow || committedEndMs === null || manualWindow.startMs >= committedEndMs) return;
  if (plan.sink.plugin !== 'maxcompute' || plan.sink.config.truncate) return;
  throw ApplicationFailure.nonRetryable(
    `the window ${new Date(manualWindow.startMs).toISOString()} – ${new Date(manualWindow.endMs).toISOString()} ` +
      `is already committed: writing it again would append its rows a second time to the MaxCompute table ` +
      `(truncate is false)`,
    'JobConfigError',
  );
}

function isStagingMissing(err: unknown): boolean {
  let cause: unknown = err;
  while (cause instanceof Error) {
    if (cause instanceof ApplicationFailure && cause.type === 'StagingMissingError') return true;
    cause = cause.cause;
  }
  return false;
}
