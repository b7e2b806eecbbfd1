/** How the CLI shows runs: summaries and links into the Temporal UI. Counts only, never data. */
import type { TemporalTarget } from '../client';
import { resolveStackConfig } from '../stack/config';
import type { SyncRunSummary } from '../sync/job-input';

/** The Temporal UI page of a workflow: `$OTSYNC_TEMPORAL_UI`, else the local stack's UI. */
export function uiLink(target: TemporalTarget, workflowId: string): string {
  const base = process.env.OTSYNC_TEMPORAL_UI ?? `http://127.0.0.1:${resolveStackConfig().temporal.uiPort}`;
  return `${base}/namespaces/${encodeURIComponent(target.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

const iso = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

export function formatSummary(s: SyncRunSummary): string {
  return [
    `job        ${s.jobId}`,
    `windows    ${s.windows}${s.windows > 0 ? ` [${iso(s.firstStartMs)}, ${iso(s.lastEndMs)})` : ''}`,
    `read       ${s.recordsRead} stream records`,
    `written    ${s.recordsWritten}`,
    `stale      ${s.recordsSkippedStale} (already applied)`,
    `dirty      ${s.recordsDirty}`,
    ...(s.continued ? ['continued  more windows were due: the run continued as new'] : []),
  ].join('\n');
}
