/**
 * ListTable — https://www.alibabacloud.com/help/en/tablestore/developer-reference/listtable
 *
 * Supported in full: the names of every table of the instance, sorted.
 */
import type { ListTableRequest, ListTableResponse } from '../../../tablestore';
import type { Handler } from './context';

export const listTable: Handler<ListTableRequest, ListTableResponse> = (_request, { instance }) => ({
  tableNames: [...instance.tables.keys()].sort(),
});
