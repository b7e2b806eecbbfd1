/**
 * A live progress line for `otsync run`: polls the workflow's pending activities (which step, which attempt, the
 * last heartbeat's counts) once a second. One rewritten line on a terminal, a line per change otherwise (CI logs).
 * Counts only: heartbeats never carry data.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

const STEP: Record<string, string> = {
  prepareJob: 'preparing',
  readWindow: 'reading',
  writeWindow: 'writing',
  commitWindow: 'committing',
};

export async function describeProgress(handle: WorkflowHandle): Promise<string | undefined> {
  const { raw } = await handle.describe();
  const pending = raw.pendingActivities ?? [];
  if (pending.length === 0) return undefined;
  return pending
    .map((a) => {
      const name = a.activityType?.name ?? '?';
      const payload = a.heartbeatDetails?.payloads?.[0];
      const details = payload ? (defaultPayloadConverter.fromPayload(payload) as Record<string, number>) : undefined;
      const counts = details
        ? ' ' +
          Object.entries(details)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(', ')
        : '';
      const attempt = (a.attempt ?? 1) > 1 ? ` (attempt ${a.attempt})` : '';
      return `${STEP[name] ?? name}${counts}${attempt}`;
    })
    .join('; ');
}

/** Shows progress until `done` settles; never throws (progress is best effort, the result is what counts). */
export async function showProgress(
  handle: WorkflowHandle,
  done: Promise<unknown>,
  out = process.stderr,
): Promise<void> {
  let finished = false;
  void done.then(
    () => (finished = true),
    () => (finished = true),
  );
  let last = '';
  while (!finished) {
    await new Promise((r) => setTimeout(r, 1000));
    if (finished) break;
    const line = await describeProgress(handle).catch(() => undefined);
    if (!line || line === last) continue;
    last = line;
    if (out.isTTY) out.write(`\r\x1b[2K${line}`);
    else out.write(`${line}\n`);
  }
  if (out.isTTY && last) out.write('\r\x1b[2K');
}
