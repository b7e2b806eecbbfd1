/**
 * Activities: every piece of I/O a sync run does. `createActivities(deps)` builds them around injected
 * dependencies (staging folder, job store, datasource registry, plugin factories) so tests and workers wire them
 * the same way.
 *
 * @example
 *   const worker = await Worker.create({ ..., activities: createActivities(defaultActivityDeps()) });
 *
 * Nothing an activity returns or throws carries records or secrets: records go through the staging folder,
 * credentials are resolved here from references in the plan.
 */
import path from 'node:path';
import os from 'node:os';
import { cancellationSignal, heartbeat } from '@temporalio/activity';
import { loadDatasourceCatalog, type DatasourceCatalog } from '../datasources/catalog';
import type { JobPlan } from '../job/plan-types';
import { JobStore } from '../jobs/store';
import type { PendingSinkCommit, ShardPosition, SyncWindow } from '../plugins/types';
import { asActivity } from './failures';
import { openPlugins, type PluginFactories } from './open-plugins';
import { ErrorLimitExceededError, JobConfigError } from './errors';
import { LANE_BATCH, LaneWriter } from './write-lanes';
import { readStaged, removeStaged, StagingWriter, type StagedWindow } from './staging';

export interface ActivityDeps {
  /** Root of the staging folder. @default `$OTSYNC_STAGING_DIR`, else `<tmp>/otsync-staging` */
  readonly stagingRoot?: string;
  /** Where job scripts are (for inline credentials). @default `new JobStore()` */
  readonly jobStore?: JobStore;
  /** The datasource registry. @default loaded from `$OTSYNC_DATASOURCES` / `~/.otsync/datasources.json` */
  readonly catalog?: DatasourceCatalog;
  /** Plugin constructors; tests may wrap them. @default the real Tablestore source and sinks */
  readonly plugins?: PluginFactories;
}

export interface JobRef {
  readonly jobId: string;
  readonly plan: JobPlan;
}

export interface PrepareJobResult {
  readonly streamId: string;
  readonly retentionHours: number;
  /** End of the last window otsync committed for this job, if any. */
  readonly committedEndMs: number | null;
  /** Where a job that DataWorks ran before would resume (its last complete position), if any. */
  readonly dataxResumeStartMs: number | null;
}

export interface WindowManifest {
  readonly window: SyncWindow;
  readonly staged: StagedWindow;
  readonly positions: readonly ShardPosition[];
  readonly recordsRead: number;
}

export interface WriteWindowResult {
  readonly written: number;
  readonly skippedStale: number;
  readonly dirty: number;
  /** A two-phase sink's uploaded-but-invisible window, committed by `commitWindow` just before the checkpoint. */
  readonly pendingCommit?: PendingSinkCommit;
}

/**
 * Concurrent sink writes of one window: DataX's `concurrent`/`channel`, but at least 4 (one bulk request at a time
 * leaves Elasticsearch idle between requests) and at most 16. Per-row order holds in any case (write-lanes.ts).
 */
export function writeLanes(plan: JobPlan): number {
  return Math.min(16, Math.max(4, plan.setting.parallelism));
}

export function createActivities(deps: ActivityDeps = {}) {
  const stagingRoot = deps.stagingRoot ?? process.env.OTSYNC_STAGING_DIR ?? path.join(os.tmpdir(), 'otsync-staging');
  const jobStore = deps.jobStore ?? new JobStore();
  let catalog = deps.catalog;
  const open = (ref: JobRef) => {
    catalog ??= loadDatasourceCatalog();
    return openPlugins(ref.jobId, ref.plan, {
      jobStore,
      catalog,
      ...(deps.plugins ? { factories: deps.plugins } : {}),
    });
  };

  return {
    /** Checks both ends (stream enabled, status table, index and mapping) and reads the committed position. */
    async prepareJob(ref: JobRef): Promise<PrepareJobResult> {
      return asActivity(async () => {
        const { source, sink } = open(ref);
        const prepared = await source.prepare();
        await sink.prepare();
        const committed = await source.readCommitted(ref.jobId);
        // Only a job otsync never committed looks for a DataWorks position to take over from.
        const dataxEnd = committed ? undefined : await source.findDataxResumeEnd();
        return {
          streamId: prepared.streamId,
          retentionHours: prepared.retentionHours,
          committedEndMs: committed?.endMs ?? null,
          dataxResumeStartMs: dataxEnd ?? null,
        };
      });
    },

    /** Reads one window from every shard into the staging folder; returns the manifest and end positions. */
    async readWindow(
      input: JobRef & { streamId: string; window: SyncWindow; runVersion: string },
    ): Promise<WindowManifest> {
      return asActivity(async () => {
        const { source } = open(input);
        const dir = path.join(input.jobId, `${input.window.endMs}-${input.runVersion}`);
        const writer = new StagingWriter(stagingRoot, dir);
        let lines = 0;
        const result = await source.readWindow(
          input.window,
          async (batch) => {
            await writer.append(batch);
            lines += batch.length;
          },
          { signal: cancellationSignal(), onProgress: () => heartbeat({ lines }) },
        );
        const staged = await writer.close();
        return { window: input.window, staged, positions: result.positions, recordsRead: result.recordsRead };
      });
    },

    /** Streams the staged window into the sink; fails the window when dirty records pass the job's limit. */
    async writeWindow(input: JobRef & { manifest: WindowManifest }): Promise<WriteWindowResult> {
      return asActivity(async () => {
        const { sink } = open(input);
        const totals = { written: 0, skippedStale: 0, dirty: 0 };
        const limit = input.plan.setting.errorLimit;
        const samples: string[] = [];
        const signal = cancellationSignal();
        const checkLimit = () => {
          heartbeat(totals);
          if (limit.records !== undefined && totals.dirty > limit.records) {
            throw new ErrorLimitExceededError(
              `${totals.dirty} dirty records exceed the job's errorLimit.record of ${limit.records}: ${samples.join('; ')}`,
            );
          }
        };
        const staged = readStaged(stagingRoot, input.manifest.staged, LANE_BATCH);
        let pendingCommit: PendingSinkCommit | undefined;
        if (sink.writeWindow) {
          // File sinks name their output after the window: they take it whole, in staged order.
          const result = await sink.writeWindow({ jobId: input.jobId, window: input.manifest.window }, staged, {
            signal,
            onProgress: (r) => {
              Object.assign(totals, { written: r.written, skippedStale: r.skippedStale, dirty: r.dirty });
              samples.splice(0, samples.length, ...r.dirtySamples.slice(0, 10));
              checkLimit();
            },
          });
          Object.assign(totals, { written: result.written, skippedStale: result.skippedStale, dirty: result.dirty });
          samples.splice(0, samples.length, ...result.dirtySamples.slice(0, 10));
          pendingCommit = result.pendingCommit;
        } else {
          const lanes = new LaneWriter({
            lanes: writeLanes(input.plan),
            write: (batch) => sink.write(batch, { signal }),
            onResult: (r) => {
              totals.written += r.written;
              totals.skippedStale += r.skippedStale;
              totals.dirty += r.dirty;
              samples.push(...r.dirtySamples.slice(0, Math.max(0, 10 - samples.length)));
              checkLimit();
            },
          });
          for await (const batch of staged) await lanes.add(batch);
          await lanes.flush();
        }
        const read = input.manifest.staged.records;
        if (limit.records === undefined && limit.ratio !== undefined && read > 0 && totals.dirty / read > limit.ratio) {
          throw new ErrorLimitExceededError(
            `${totals.dirty} of ${read} records were dirty, above the job's errorLimit.percentage of ${limit.ratio}: ${samples.join('; ')}`,
          );
        }
        await sink.finishWindow();
        // The dirty limit held: only now may a two-phase sink's window become visible (in commitWindow).
        return { ...totals, ...(pendingCommit ? { pendingCommit } : {}) };
      });
    },

    /**
     * Records the window as done: a two-phase sink's upload made visible (idempotent), DataX-format positions at
     * its end, then the fenced move of the committed end (only when the window starts where the last committed one
     * ended), then the staging files go.
     */
    async commitWindow(
      input: JobRef & {
        window: SyncWindow;
        manifest: WindowManifest;
        expectedEndMs: number | null;
        runVersion: string;
        /** The window a two-phase sink uploaded: made visible first, idempotently, then the checkpoint moves. */
        pendingCommit?: PendingSinkCommit;
      },
    ): Promise<void> {
      return asActivity(async () => {
        const { source, sink } = open(input);
        if (input.pendingCommit) {
          if (!sink.commitPending) throw new JobConfigError('this sink has no pending commits');
          await sink.commitPending(input.pendingCommit);
        }
        await source.writePositions(input.window, input.manifest.positions, input.runVersion);
        const contiguous = input.expectedEndMs === null || input.expectedEndMs === input.window.startMs;
        if (contiguous)
          await source.commitWindow(input.jobId, input.expectedEndMs, input.window.endMs, input.runVersion);
        removeStaged(stagingRoot, input.manifest.staged);
      });
    },
  };
}

/** The activity set as the workflow sees it (types only cross into workflow code). */
export type SyncActivities = ReturnType<typeof createActivities>;

export { JobConfigError };
