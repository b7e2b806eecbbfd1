/** Row inputs of the write calls → PlainBuffer cells, and argument checks shared by the calls. */
import type { AttributeCell, AttributeValue } from '../../../../tablestore';
import type { CallOptions } from './caller';
import type { RowCondition } from './conditions';
import { TablestoreClientOptionError } from './errors';
import type { CapacityUnits, DeleteAllVersionsChangeCell, DeleteOneVersionChangeCell } from './types';

const INT32_MAX = 2 ** 31 - 1;

/** A cell written by PutRow: `value`, at `timestamp` (ms) or a server-assigned version when omitted. */
export interface PutCell {
  name: string;
  value: AttributeValue;
  timestamp?: bigint;
}

/** A cell change of UpdateRow: a put (the default), or a delete of one version or of all versions. */
export type UpdateCell = (PutCell & { operation?: 'PUT' }) | DeleteOneVersionChangeCell | DeleteAllVersionsChangeCell;

/** Options shared by the writes. */
export interface WriteOptions extends CallOptions {
  /** @default no expectation (`IGNORE`) */
  condition?: RowCondition;
  /**
   * The caller vouches that repeating this write is harmless, so it may be retried after a timeout or a 5xx, when
   * it may already have been applied. Never set it on a conditional write: its own first success would make the
   * repeat fail with `OTSConditionCheckFail`. @default false
   */
  idempotent?: boolean;
}

/** Result of a write. */
export interface WriteResult {
  consumed: CapacityUnits | undefined;
}

/** The PlainBuffer cell of a PutRow cell. */
export function toPutAttribute(cell: PutCell): AttributeCell {
  const out: AttributeCell = { name: cell.name, value: cell.value };
  if (cell.timestamp !== undefined) out.timestamp = cell.timestamp;
  return out;
}

/** The PlainBuffer cell of an UpdateRow cell (op byte per spec 3.5). */
export function toUpdateAttribute(cell: UpdateCell): AttributeCell {
  switch (cell.operation) {
    case 'DELETE_ONE_VERSION':
      return { name: cell.name, operation: 'DELETE_ONE_VERSION', timestamp: cell.timestamp };
    case 'DELETE_ALL_VERSIONS':
      return { name: cell.name, operation: 'DELETE_ALL_VERSION' };
    default:
      return toPutAttribute(cell);
  }
}

/** @throws TablestoreClientOptionError unless `value` is an integer in 1..2^31-1 (an int32 request field). */
export function checkPositiveInt32(option: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0 || value > INT32_MAX) {
    throw new TablestoreClientOptionError(option, `must be an integer from 1 to ${INT32_MAX}, got ${value}.`);
  }
}
