/**
 * What the activities need from the source and the sink of a plan, kept narrow so activities stay wiring: the
 * Tablestore Stream source and the sinks implement these through small adapters (`open-plugins.ts`).
 */
import type {
  PendingSinkCommit,
  ShardPosition,
  SinkWriteResult,
  SourceRecord,
  SyncWindow,
  WindowWriteContext,
} from '../plugins/types';

export interface PreparedSource {
  readonly streamId: string;
  readonly retentionHours: number;
}

export interface CommittedWindow {
  readonly endMs: number;
  readonly version: string;
}

export interface ReadWindowResult {
  readonly positions: readonly ShardPosition[];
  /** Stream records read (before the output layout turns them into lines). */
  readonly recordsRead: number;
}

export interface SourceRuntime {
  prepare(): Promise<PreparedSource>;
  readWindow(
    window: SyncWindow,
    consume: (batch: readonly SourceRecord[]) => Promise<void>,
    options: { signal: AbortSignal; onProgress: () => void },
  ): Promise<ReadWindowResult>;
  /** DataX-format positions at the window end (CheckpointForDataxReader rows, then the job description). */
  writePositions(window: SyncWindow, positions: readonly ShardPosition[], version: string): Promise<void>;
  readCommitted(jobId: string): Promise<CommittedWindow | undefined>;
  /** End of the newest complete DataX/DataWorks window of the stream (a job moving over resumes there). */
  findDataxResumeEnd(): Promise<number | undefined>;
  /** Fenced move of the committed end: throws `CheckpointConflictError` unless it stands at `expectedEndMs`. */
  commitWindow(jobId: string, expectedEndMs: number | null, endMs: number, version: string): Promise<void>;
  close(): Promise<void>;
}

export interface SinkRuntime {
  prepare(): Promise<void>;
  /** Row sinks (Elasticsearch): batches arrive through concurrent lanes keyed by primary key (write-lanes.ts). */
  write(batch: readonly SourceRecord[], options: { signal: AbortSignal }): Promise<SinkWriteResult>;
  /**
   * File sinks (OSS) take the whole window at once, in staged order, because their output is named after the
   * window: when present, the write activity calls this instead of `write`. `onProgress` gets the running totals
   * (heartbeats, the dirty limit), and may throw to stop the window.
   */
  writeWindow?(
    context: WindowWriteContext,
    batches: AsyncIterable<readonly SourceRecord[]>,
    options: { signal: AbortSignal; onProgress: (totals: SinkWriteResult) => void },
  ): Promise<SinkWriteResult & { readonly pendingCommit?: PendingSinkCommit }>;
  /**
   * Two-phase sinks: makes a window written by `writeWindow` visible. Idempotent — a commit that already happened
   * (a retried commit activity) is a success — because it runs right before the checkpoint moves.
   */
  commitPending?(pending: PendingSinkCommit): Promise<void>;
  finishWindow(): Promise<void>;
  close(): Promise<void>;
}
