/**
 * The Tablestore Stream source (DataX `otsstreamreader`, DataWorks `otsstream`): reads a table's change stream
 * window by window, exactly as DataX lays the lines out (multi-version `U`/`DO`/`DA`/`DR` or row mode), keeps its
 * read positions in the DataX status-table format so that DataWorks and otsync can take over from each other, and
 * fences the committed window so that a stale or duplicate run can never move it wrongly.
 *
 * Spec: ../shared/spec/otsstream-reader.md (section numbers in comments refer to it). Modules: `layouts` (lines),
 * `shard-reader` + `lineage` + `window-reader` (one window), `status-keys` + `status-table` + `checkpoints` (DataX
 * rows), `fence` (otsync's committed window), `source` (the facade), `client/` (the Tablestore calls).
 *
 * @example
 * ```ts
 * import { TablestoreStreamClient } from './plugins/sources/tablestore-stream/client';
 * import { TablestoreStreamSource } from './plugins/sources/tablestore-stream';
 *
 * const source = new TablestoreStreamSource(new TablestoreStreamClient(clientOptions), plan.source.config);
 * const { streamId, retentionHours } = await source.prepare();
 * const committed = await source.readCommitted(jobId);                    // { endMs, version } | undefined
 * const window = { startMs: committed?.endMs ?? firstStartMs, endMs };
 * const version = source.newRunVersion();
 * const read = await source.readWindow(window, async (batch) => sink.write(batch), { onProgress: heartbeat });
 * await source.writePositions(window, read.positions, version);           // positions for endMs first…
 * await sink.flush();                                                     // …the sink acknowledges…
 * await source.commitWindow(jobId, committed ? { expectedEndMs: committed.endMs } : 'none', window.endMs, version);
 * ```
 */

export {
  TablestoreStreamSource,
  layoutOf,
  type PreparedSource,
  type ReadWindowOptions,
  type ReadWindowResult,
  type TablestoreStreamSourceOptions,
} from './source';
export {
  CheckpointConflictError,
  DataGapError,
  StatusTableError,
  StreamConsistencyError,
  StreamSourceError,
  type CheckpointConflictReason,
  type DataGapReason,
} from './errors';
export { commitWindow, readCommitted, type CommittedWindow, type FenceExpectation } from './fence';
export {
  sequenceInfoString,
  toMultiVersionRecords,
  toRowModeRecord,
  toSourceRecords,
  type LineLayout,
} from './layouts';
export {
  readWindowShards,
  type RecordConsumer,
  type StartPosition,
  type StartPositions,
  type WindowCounts,
  type WindowProgress,
  type WindowReadInput,
  type WindowReadOptions,
  type WindowReadResult,
} from './window-reader';
export { readShard, commitTimeMs, type ShardReadInput, type ShardReadResult, type TimeBookmark } from './shard-reader';
export { decideShard, settleLineage, type LineageDecision, type ShardState } from './lineage';
export {
  incompleteReason,
  loadStartPositions,
  readCheckpoints,
  readJobDescription,
  writeTimeBookmarks,
  writeWindowPositions,
  type JobDescription,
  type LoadedStartPositions,
  type StoredCheckpoint,
} from './checkpoints';
export { StatusTable, type StatusTableOptions } from './status-table';
export {
  checkpointKey,
  committedWindowKey,
  decodeShardIdChunks,
  encodeShardIdChunks,
  formatTime16,
  jobDescriptionKey,
  legacyShardCountKey,
  newRunVersion,
  SHARD_END,
  StatusType,
  timeBookmarkKey,
  TRIM_HORIZON,
} from './status-keys';
export { DATAX_NON_RETRYABLE_CODES, isDataxRetryable, readerRetryPolicy, RetryStats } from './retry-policy';
