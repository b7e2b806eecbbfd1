/**
 * What a read returns of a stored row (GetRow, GetRange, BatchGetRow): the versions visible under time to live,
 * the request's time range and max versions, the requested columns sorted by name with versions newest first
 * (the order the Java SDK produces and the Go SDK keeps, spec 5.4), and the column filter.
 */
import type { AttributeCell, PlainBufferRow, TimeRange } from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import { compareUtf8 } from './primary-key';
import type { RowFilter } from './filter';
import type { StoredRow } from './table';

/** A read request's version and column selection, validated. */
export interface ReadSelection {
  /** Attribute and primary-key names; empty = every column. */
  columnsToGet: readonly string[];
  maxVersions: number;
  /** `[start, end)` in ms. */
  startTime?: bigint;
  endTime?: bigint;
  filter?: RowFilter;
}

/**
 * Validates a read's version condition: one of `max_versions` / `time_range` is required, and the npm SDK always
 * sends `max_versions` (default 1) even together with a time range (spec 5.4), so both together are accepted.
 * @throws TablestoreServerError `OTSParameterInvalid` for a missing or invalid version condition.
 */
export function readSelection(request: {
  columnsToGet?: string[];
  maxVersions?: number;
  timeRange?: TimeRange;
}): Omit<ReadSelection, 'filter'> {
  const { maxVersions, timeRange } = request;
  if (maxVersions === undefined && timeRange === undefined) {
    throw TablestoreServerError.invalid('No version condition is specified while querying row.');
  }
  if (maxVersions !== undefined && maxVersions <= 0) {
    throw TablestoreServerError.invalid(`Invalid max versions: ${maxVersions}.`);
  }
  const selection: Omit<ReadSelection, 'filter'> = {
    columnsToGet: request.columnsToGet ?? [],
    maxVersions: maxVersions ?? Number.MAX_SAFE_INTEGER,
  };
  if (timeRange !== undefined) {
    if (timeRange.specificTime !== undefined) {
      selection.startTime = timeRange.specificTime;
      selection.endTime = timeRange.specificTime + 1n;
    } else {
      if (
        timeRange.startTime === undefined ||
        timeRange.endTime === undefined ||
        timeRange.startTime >= timeRange.endTime
      ) {
        throw TablestoreServerError.invalid('Invalid time range: start time must be less than end time.');
      }
      selection.startTime = timeRange.startTime;
      selection.endTime = timeRange.endTime;
    }
  }
  if (selection.columnsToGet.length > 128) {
    throw TablestoreServerError.invalid('The number of columns to get exceeds the limit 128.');
  }
  return selection;
}

/**
 * The row as a read returns it, or undefined when it is invisible: every version expired or outside the time
 * range, none of the requested columns present, or the filter rejected it. The primary key is always returned, also
 * when `columns_to_get` does not name it (UNCONFIRMED; every SDK handles a row with its key).
 */
export function projectRow(
  row: StoredRow,
  selection: ReadSelection,
  table: { ttlSeconds: number; maxVersions: number },
  nowMs: number,
): PlainBufferRow | undefined {
  if (selection.filter !== undefined && !selection.filter(row, nowMs, table.ttlSeconds)) return undefined;
  const minTs = table.ttlSeconds > 0 ? BigInt(nowMs - table.ttlSeconds * 1000) : undefined;
  const maxVersions = Math.min(selection.maxVersions, table.maxVersions);
  const wanted = selection.columnsToGet;
  const names = wanted.length === 0 ? [...row.columns.keys()] : wanted.filter((n) => row.columns.has(n));
  names.sort(compareUtf8);
  const attributes: AttributeCell[] = [];
  let anyStored = false;
  for (const name of new Set(names)) {
    const versions = row.columns.get(name);
    if (versions === undefined) continue;
    anyStored = true;
    let taken = 0;
    for (const v of versions) {
      if (taken >= maxVersions) break;
      if (minTs !== undefined && v.timestamp < minTs) continue;
      if (selection.startTime !== undefined && v.timestamp < selection.startTime) continue;
      if (selection.endTime !== undefined && v.timestamp >= selection.endTime) continue;
      attributes.push({ name, value: v.value, timestamp: v.timestamp });
      taken++;
    }
  }
  if (attributes.length === 0) {
    const asksForKey = wanted.some((n) => row.primaryKey.some((c) => c.name === n));
    // A row that has cells but none visible is invisible; a row written with no attribute cells is not.
    if (anyStored || (wanted.length > 0 && !asksForKey)) return undefined;
    if (wanted.length === 0 && row.columns.size > 0) return undefined;
  }
  return { primaryKey: row.primaryKey, attributes };
}
