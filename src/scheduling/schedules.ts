/**
 * One Temporal Schedule per job (`otsync-<jobId>`): every interval (5 minutes by default, epoch-aligned), overlap
 * SKIP (a run never starts before the previous one ended: DataWorks' self-dependency), a catch-up window so a
 * long outage does not fire a burst, and pause-on-failure so a failed run stops the job and shows in the UI
 * instead of silently looping. The same schedules are operable with `temporal schedule …` and in the Temporal UI.
 */
import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleDescription,
  type ScheduleHandle,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { SYNC_JOB, SYNC_SINK } from '../common/search-attributes';
import type { SyncJobInput } from '../sync/job-input';
import { DEFAULT_TASK_QUEUE } from '../worker-defaults';

export const scheduleIdOf = (jobId: string): string => `otsync-${jobId}`;

export interface ScheduleOptions {
  /** A failed run pauses the schedule (the default), or the schedule keeps going. @default true */
  readonly pauseOnFailure?: boolean;
  readonly paused?: boolean;
  readonly note?: string;
  readonly taskQueue?: string;
}

/** Creates the job's schedule, or updates it in place when it exists (idempotent deploys). */
export async function upsertSchedule(
  client: Client,
  input: SyncJobInput,
  options: ScheduleOptions = {},
): Promise<ScheduleHandle> {
  const scheduleId = scheduleIdOf(input.jobId);
  const spec = { intervals: [{ every: input.schedule.intervalMs }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'syncJobWorkflow',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: scheduleId, // the server appends the nominal time
    args: [input],
    // Bounds a hung run so the schedule's SKIP policy cannot wait on it forever; a timeout counts as a failure.
    workflowRunTimeout: Math.max(45 * 60_000, 4 * input.schedule.intervalMs),
    typedSearchAttributes: [
      { key: SYNC_JOB, value: input.jobId },
      { key: SYNC_SINK, value: input.plan.sink.plugin },
    ],
  };
  const policies = {
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: Math.max(15 * 60_000, 3 * input.schedule.intervalMs),
    pauseOnFailure: options.pauseOnFailure ?? true,
  };
  try {
    return await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies,
      state: { paused: options.paused ?? false, note: options.note ?? 'created by otsync' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    const handle = client.schedule.getHandle(scheduleId);
    await handle.update((prev: ScheduleDescription) => ({ ...prev, spec, action, policies }));
    return handle;
  }
}

/** Starts one run now with the schedule's own overlap policy (the TS SDK's bare `trigger()` would ALLOW_ALL). */
export async function triggerSchedule(client: Client, jobId: string): Promise<void> {
  await client.schedule.getHandle(scheduleIdOf(jobId)).trigger(ScheduleOverlapPolicy.SKIP);
}
