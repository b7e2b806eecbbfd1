/** Plain-object shapes of the column filters (spec 5.3), nested inside other messages as serialized bytes. */
import type { ComparatorType, FilterType, LogicalOperator } from './enums';

export interface Filter {
  type: FilterType;
  /** The serialized filter message named by `type`. */
  filter: Uint8Array;
}

export interface SingleColumnValueFilter {
  comparator: ComparatorType;
  columnName: string;
  /** PlainBuffer value without its 4-byte length (see `encodeFilterValue`). */
  columnValue: Uint8Array;
  filterIfMissing: boolean;
  latestVersionOnly: boolean;
}

export interface CompositeColumnValueFilter {
  combinator: LogicalOperator;
  subFilters: Filter[];
}

export interface ColumnPaginationFilter {
  offset: number;
  limit: number;
}
