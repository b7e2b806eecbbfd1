import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The custom search attributes every sync run carries, so the Temporal UI lists instances the way DataWorks'
 * operations center does. Registered by `otsync stack up` on the dev server; production namespaces register them
 * once at deployment. SQL visibility (the dev server's SQLite) allows at most 3 of each non-keyword type, which
 * this set respects: 2 Datetime, 3 Int, 2 Keyword.
 *
 * Safe to import from workflow code (no Node built-ins).
 */
export const SYNC_JOB = defineSearchAttributeKey('SyncJob', SearchAttributeType.KEYWORD);
export const SYNC_SINK = defineSearchAttributeKey('SyncSink', SearchAttributeType.KEYWORD);
export const WINDOW_START = defineSearchAttributeKey('WindowStart', SearchAttributeType.DATETIME);
export const WINDOW_END = defineSearchAttributeKey('WindowEnd', SearchAttributeType.DATETIME);
export const RECORDS_READ = defineSearchAttributeKey('RecordsRead', SearchAttributeType.INT);
export const RECORDS_WRITTEN = defineSearchAttributeKey('RecordsWritten', SearchAttributeType.INT);
export const RECORDS_DIRTY = defineSearchAttributeKey('RecordsDirty', SearchAttributeType.INT);

export const SEARCH_ATTRIBUTES = [
  SYNC_JOB,
  SYNC_SINK,
  WINDOW_START,
  WINDOW_END,
  RECORDS_READ,
  RECORDS_WRITTEN,
  RECORDS_DIRTY,
] as const;
