/**
 * Row conditions of PutRow/UpdateRow/DeleteRow (spec 5.3): a row-existence expectation plus an optional column
 * condition, serialized as the `Filter` bytes the service expects. The checkpoint store uses them for optimistic
 * concurrency ("write only if the row is still at version X").
 */
import {
  ComparatorType,
  encodeValueBytes,
  FilterType,
  LogicalOperator,
  messages,
  RowExistenceExpectation,
  type AttributeValue,
  type Condition,
  type Filter,
} from '../../../../tablestore';

/** Expectation about the row before the write; a failed one is `OTSConditionCheckFail` (HTTP 403). */
export type RowExistence = 'IGNORE' | 'EXPECT_EXIST' | 'EXPECT_NOT_EXIST';

/** Comparison of a column's value with a constant. */
export type ColumnComparator = 'EQUAL' | 'NOT_EQUAL' | 'GREATER_THAN' | 'GREATER_EQUAL' | 'LESS_THAN' | 'LESS_EQUAL';

/** `column <comparator> value`, on the latest version by default. */
export interface SingleColumnCondition {
  column: string;
  comparator: ColumnComparator;
  value: AttributeValue;
  /**
   * Whether the condition holds when the column is missing. @default false — the safe reading for optimistic
   * concurrency ("update only if Version = 3" must fail on a row without Version). The Java SDK defaults to true.
   */
  passIfMissing?: boolean;
  /** Compare only the newest version. @default true (as the SDKs) */
  latestVersionOnly?: boolean;
}

/** `NOT c`, `c1 AND c2 ...`, `c1 OR c2 ...`. */
export interface CompositeColumnCondition {
  combinator: 'NOT' | 'AND' | 'OR';
  conditions: ColumnCondition[];
}

/** A column condition, single or composite. */
export type ColumnCondition = SingleColumnCondition | CompositeColumnCondition;

/** Condition of a write. */
export interface RowCondition {
  rowExistence: RowExistence;
  columnCondition?: ColumnCondition;
}

/** The condition of writes that do not give one: no expectation. */
export const NO_CONDITION: RowCondition = { rowExistence: 'IGNORE' };

/** The protobuf `Condition` of `condition`. */
export function encodeCondition(condition: RowCondition): Condition {
  const out: Condition = { rowExistence: RowExistenceExpectation[condition.rowExistence] };
  if (condition.columnCondition !== undefined) out.columnCondition = encodeFilter(condition.columnCondition);
  return out;
}

/** Serialized `Filter` of a column condition (also the `filter` of GetRow/GetRange). */
export function encodeFilter(condition: ColumnCondition): Uint8Array {
  return messages.Filter.encode(filterOf(condition));
}

function filterOf(condition: ColumnCondition): Filter {
  if ('combinator' in condition) {
    const inner = messages.CompositeColumnValueFilter.encode({
      combinator: LogicalOperator[`LO_${condition.combinator}`],
      subFilters: condition.conditions.map(filterOf),
    });
    return { type: FilterType.FT_COMPOSITE_COLUMN_VALUE, filter: inner };
  }
  const inner = messages.SingleColumnValueFilter.encode({
    comparator: ComparatorType[`CT_${condition.comparator}`],
    columnName: condition.column,
    // The value without its 4-byte length: vtype + payload (spec 5.3).
    columnValue: encodeValueBytes(condition.value),
    filterIfMissing: !(condition.passIfMissing ?? false),
    latestVersionOnly: condition.latestVersionOnly ?? true,
  });
  return { type: FilterType.FT_SINGLE_COLUMN_VALUE, filter: inner };
}
