/**
 * Which combinations of value, timestamp and operation an attribute cell may have (spec 3.5 and 4.8). The encoder
 * and the decoder apply the same rules, so every decoded row re-encodes and every encoded row decodes.
 */
import { PlainBufferError } from '../errors';
import { CellOp } from './constants';
import type { CellOperation } from './types';

/** The op byte of each operation. */
export const OP_BYTE: Readonly<Record<CellOperation, number>> = {
  DELETE_ALL_VERSION: CellOp.DELETE_ALL_VERSION,
  DELETE_ONE_VERSION: CellOp.DELETE_ONE_VERSION,
  INCREMENT: CellOp.INCREMENT,
};

/** The operation of an op byte, or undefined for an unknown byte. */
export function operationOf(op: number): CellOperation | undefined {
  switch (op) {
    case CellOp.DELETE_ALL_VERSION:
      return 'DELETE_ALL_VERSION';
    case CellOp.DELETE_ONE_VERSION:
      return 'DELETE_ONE_VERSION';
    case CellOp.INCREMENT:
      return 'INCREMENT';
    default:
      return undefined;
  }
}

/**
 * Throws unless the cell is well-formed:
 * - put (no operation): a value; the timestamp is optional (the server assigns one in requests);
 * - DELETE_ALL_VERSION: neither value nor timestamp (the Go SDK infers "delete all" from their absence);
 * - DELETE_ONE_VERSION: a timestamp and no value;
 * - INCREMENT: an INTEGER (bigint) delta.
 */
export function checkAttributeCell(
  name: string,
  hasValue: boolean,
  isInteger: boolean,
  hasTimestamp: boolean,
  operation: CellOperation | undefined,
  offset?: number,
): void {
  const fail = (rule: string): never => {
    throw new PlainBufferError(`Invalid PlainBuffer: cell '${name}' ${rule}.`, offset === undefined ? {} : { offset });
  };
  switch (operation) {
    case undefined:
      if (!hasValue) fail('has neither a value nor a delete operation');
      return;
    case 'DELETE_ALL_VERSION':
      if (hasValue) fail('deletes all versions but carries a value');
      if (hasTimestamp) fail('deletes all versions but carries a timestamp');
      return;
    case 'DELETE_ONE_VERSION':
      if (hasValue) fail('deletes one version but carries a value');
      if (!hasTimestamp) fail('deletes one version but has no timestamp');
      return;
    case 'INCREMENT':
      if (!hasValue || !isInteger) fail('increments but its delta is not an INTEGER');
      return;
  }
}
