/**
 * Stream records → DataX output lines, exactly as DataX's otsstreamreader lays them out (otsstream-reader.md §4),
 * plus the change metadata otsync's sinks use beyond DataX (`SourceRecord.change`). Pure functions.
 *
 * - Multi-version ("column mode", default, §4.2): one line per cell change, PutRow = `DR` then one `U` per cell,
 *   UpdateRow = `U`/`DO`/`DA` per cell, DeleteRow = one `DR`; columns pk…, name, version, value, op[, sequence info].
 * - Row mode (`single_version_and_update_only`, §4.3): one line per PutRow/UpdateRow with the configured columns.
 *   Records DataX drops (DeleteRow, changes touching none of the columns) are still returned, marked
 *   `dataxEmits: false`, so that a sink can propagate deletes (types.ts contract).
 */
import type { ChangeSequence, KeyColumn, LineValue, SourceRecord } from '../../types';
import type { ChangeCell, ChangeRecord } from './client';
import { StreamConsistencyError } from './errors';

/** How lines are laid out; compiled from the job's `mode`, `column` and `isExportSequenceInfo`. */
export type LineLayout =
  | { readonly mode: 'multi_version'; readonly exportSequenceInfo: boolean }
  | {
      readonly mode: 'single_version_and_update_only';
      readonly columns: readonly string[];
      readonly exportSequenceInfo: boolean;
    };

const pad = (value: number | bigint, width: number) => String(value).padStart(width, '0');

/**
 * DataX's sequence-info string (§4.4): `EEEEEEEEEE_TTTTTTTTTTTTTTTTTTTT_RRRRRRRRRR_<shardId>` and, in multi-version
 * mode, `:CCCCCCCCCC` with the line's index within its stream record.
 */
export function sequenceInfoString(sequence: ChangeSequence, lineIndex?: number): string {
  const base = `${pad(sequence.epoch, 10)}_${pad(sequence.timestampUs, 20)}_${pad(sequence.rowIndex, 10)}_${sequence.shardId}`;
  return lineIndex === undefined ? base : `${base}:${pad(lineIndex, 10)}`;
}

/** The change's position in its shard, in the runtime contract's shape. */
export function toChangeSequence(change: ChangeRecord, shardId: string): ChangeSequence {
  return {
    epoch: change.sequence.epoch,
    timestampUs: change.sequence.timestamp,
    rowIndex: change.sequence.rowIndex,
    shardId,
  };
}

/**
 * Primary-key columns with their typed values (§4.1). Placeholder values never occur in decoded records.
 * @throws StreamConsistencyError for a placeholder value.
 */
export function toKeyColumns(change: ChangeRecord, shardId: string): KeyColumn[] {
  return change.primaryKey.map((column) => {
    const value = column.value;
    if (typeof value === 'bigint' || typeof value === 'string' || value instanceof Uint8Array) {
      return { name: column.name, value };
    }
    throw new StreamConsistencyError(shardId, `primary-key column '${column.name}' holds a placeholder value.`);
  });
}

/** Lines of one stream record in `layout`, in DataX's order. */
export function toSourceRecords(change: ChangeRecord, shardId: string, layout: LineLayout): SourceRecord[] {
  return layout.mode === 'multi_version'
    ? toMultiVersionRecords(change, shardId, layout.exportSequenceInfo)
    : [toRowModeRecord(change, shardId, layout.columns, layout.exportSequenceInfo)];
}

/** Multi-version lines of one stream record (§4.2), with the sequence info and line index when asked (§4.4). */
export function toMultiVersionRecords(
  change: ChangeRecord,
  shardId: string,
  exportSequenceInfo: boolean,
): SourceRecord[] {
  const primaryKey = toKeyColumns(change, shardId);
  const sequence = toChangeSequence(change, shardId);
  const meta = { action: change.action, primaryKey, sequence };
  const keys: LineValue[] = primaryKey.map((c) => c.value);
  const lines: LineValue[][] = [];
  if (change.action === 'PUT' || change.action === 'DELETE') lines.push([...keys, null, null, null, 'DR']);
  if (change.action !== 'DELETE') {
    for (const cell of change.cells) lines.push([...keys, ...cellLine(cell)]);
  }
  return lines.map((columns, index) => ({
    columns: exportSequenceInfo ? [...columns, sequenceInfoString(sequence, index)] : columns,
    dataxEmits: true,
    change: meta,
  }));
}

function cellLine(cell: ChangeCell): LineValue[] {
  switch (cell.operation) {
    case 'PUT':
      return [cell.name, cell.timestamp, cell.value, 'U'];
    case 'DELETE_ONE_VERSION':
      return [cell.name, cell.timestamp, null, 'DO'];
    case 'DELETE_ALL_VERSIONS':
      return [cell.name, null, null, 'DA'];
  }
}

/**
 * The row-mode line of one stream record (§4.3): primary keys, then put cells in record order (later ones win, an
 * attribute named like a key overwrites it), delete cells ignored; each configured column gets its value or null.
 * DataX emits it only for PUT/UPDATE records in which some configured column is present; otherwise `dataxEmits`
 * is false (a DELETE keeps its key columns filled, others null).
 */
export function toRowModeRecord(
  change: ChangeRecord,
  shardId: string,
  columns: readonly string[],
  exportSequenceInfo: boolean,
): SourceRecord {
  const primaryKey = toKeyColumns(change, shardId);
  const sequence = toChangeSequence(change, shardId);
  const values = new Map<string, LineValue>();
  for (const c of primaryKey) values.set(c.name, c.value);
  if (change.action !== 'DELETE') {
    for (const cell of change.cells) if (cell.operation === 'PUT') values.set(cell.name, cell.value);
  }
  const line: LineValue[] = [];
  const touched: boolean[] = [];
  let found = false;
  for (const name of columns) {
    const present = values.has(name);
    found ||= present;
    line.push(present ? (values.get(name) as LineValue) : null);
    touched.push(present);
  }
  if (exportSequenceInfo) {
    line.push(sequenceInfoString(sequence));
    touched.push(true);
  }
  return {
    columns: line,
    dataxEmits: change.action !== 'DELETE' && found,
    change: { action: change.action, primaryKey, sequence, touched },
  };
}
