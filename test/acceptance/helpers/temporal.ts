/** Temporal side of the acceptance suites: the job's runs through visibility, and a scan of their histories. */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import {
  RECORDS_DIRTY,
  RECORDS_READ,
  RECORDS_WRITTEN,
  WINDOW_END,
  WINDOW_START,
} from '../../../src/common/search-attributes';
import type { SyncRunSummary } from '../../../src/sync/job-input';
import { waitFor } from './wait';

export async function listRuns(client: Client, jobId: string, extra = ''): Promise<WorkflowExecutionInfo[]> {
  const out: WorkflowExecutionInfo[] = [];
  for await (const wf of client.workflow.list({ query: `SyncJob = '${jobId}'${extra}` })) out.push(wf);
  return out;
}

/** Waits until no run of the job is open (after pausing its schedule). */
export async function waitNoOpenRuns(client: Client, jobId: string, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    `every run of ${jobId} to close`,
    async () => (await listRuns(client, jobId, ` AND ExecutionStatus = 'Running'`)).length === 0,
    { timeoutMs, intervalMs: 1000 },
  );
}

/** What one closed run says about itself: search attributes and memo. */
export interface RunFacts {
  readonly workflowId: string;
  readonly runId: string;
  readonly status: string;
  readonly windowStart: Date | undefined;
  readonly windowEnd: Date | undefined;
  readonly recordsRead: number | undefined;
  readonly recordsWritten: number | undefined;
  readonly recordsDirty: number | undefined;
  readonly summary: SyncRunSummary | undefined;
}

export function runFacts(wf: WorkflowExecutionInfo): RunFacts {
  const sa = wf.typedSearchAttributes;
  const memo = wf.memo as { summary?: SyncRunSummary } | undefined;
  return {
    workflowId: wf.workflowId,
    runId: wf.runId,
    status: wf.status.name,
    windowStart: sa.get(WINDOW_START),
    windowEnd: sa.get(WINDOW_END),
    recordsRead: sa.get(RECORDS_READ),
    recordsWritten: sa.get(RECORDS_WRITTEN),
    recordsDirty: sa.get(RECORDS_DIRTY),
    summary: memo?.summary,
  };
}

/**
 * Looks for each secret in every history of the job's runs: the history JSON as stored, and every payload
 * decoded from base64. Returns how many histories and payloads were scanned and where a secret was found.
 */
export async function scanHistories(
  client: Client,
  jobId: string,
  secrets: readonly string[],
): Promise<{ histories: number; payloads: number; found: string[] }> {
  let histories = 0;
  let payloads = 0;
  const found: string[] = [];
  for await (const { workflowId, history } of client.workflow.list({ query: `SyncJob = '${jobId}'` }).intoHistories()) {
    histories++;
    const json = historyToJSON(history as Parameters<typeof historyToJSON>[0]);
    const decoded = [...json.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) =>
      Buffer.from(m[1]!, 'base64').toString('utf8'),
    );
    payloads += decoded.length;
    for (const secret of secrets) {
      if (json.includes(secret)) found.push(`${workflowId}: history JSON`);
      if (decoded.some((p) => p.includes(secret))) found.push(`${workflowId}: a decoded payload`);
    }
  }
  return { histories, payloads, found };
}
