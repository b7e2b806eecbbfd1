/**
 * One typed codec per Tablestore message: `messages.PutRowRequest.decode(body)`,
 * `messages.GetStreamRecordResponse.encode({...})`. Keys are the `.proto` message names.
 */
import { createMessageCodec as codec } from './codec';
import type * as F from './types-filter';
import type * as R from './types-row';
import type * as Sh from './types-shared';
import type * as St from './types-stream';
import type * as T from './types-table';

export const messages = {
  Error: codec<Sh.ErrorMessage>('Error'),
  ConsumedCapacity: codec<Sh.ConsumedCapacity>('ConsumedCapacity'),
  Condition: codec<Sh.Condition>('Condition'),
  TableMeta: codec<Sh.TableMeta>('TableMeta'),
  TableOptions: codec<Sh.TableOptions>('TableOptions'),
  StreamSpecification: codec<Sh.StreamSpecification>('StreamSpecification'),
  StreamDetails: codec<Sh.StreamDetails>('StreamDetails'),

  CreateTableRequest: codec<T.CreateTableRequest>('CreateTableRequest'),
  CreateTableResponse: codec<T.CreateTableResponse>('CreateTableResponse'),
  UpdateTableRequest: codec<T.UpdateTableRequest>('UpdateTableRequest'),
  UpdateTableResponse: codec<T.UpdateTableResponse>('UpdateTableResponse'),
  DescribeTableRequest: codec<T.DescribeTableRequest>('DescribeTableRequest'),
  DescribeTableResponse: codec<T.DescribeTableResponse>('DescribeTableResponse'),
  ListTableRequest: codec<T.ListTableRequest>('ListTableRequest'),
  ListTableResponse: codec<T.ListTableResponse>('ListTableResponse'),
  DeleteTableRequest: codec<T.DeleteTableRequest>('DeleteTableRequest'),
  DeleteTableResponse: codec<T.DeleteTableResponse>('DeleteTableResponse'),

  GetRowRequest: codec<R.GetRowRequest>('GetRowRequest'),
  GetRowResponse: codec<R.GetRowResponse>('GetRowResponse'),
  PutRowRequest: codec<R.PutRowRequest>('PutRowRequest'),
  PutRowResponse: codec<R.PutRowResponse>('PutRowResponse'),
  UpdateRowRequest: codec<R.UpdateRowRequest>('UpdateRowRequest'),
  UpdateRowResponse: codec<R.UpdateRowResponse>('UpdateRowResponse'),
  DeleteRowRequest: codec<R.DeleteRowRequest>('DeleteRowRequest'),
  DeleteRowResponse: codec<R.DeleteRowResponse>('DeleteRowResponse'),
  GetRangeRequest: codec<R.GetRangeRequest>('GetRangeRequest'),
  GetRangeResponse: codec<R.GetRangeResponse>('GetRangeResponse'),
  BatchGetRowRequest: codec<R.BatchGetRowRequest>('BatchGetRowRequest'),
  BatchGetRowResponse: codec<R.BatchGetRowResponse>('BatchGetRowResponse'),
  BatchWriteRowRequest: codec<R.BatchWriteRowRequest>('BatchWriteRowRequest'),
  BatchWriteRowResponse: codec<R.BatchWriteRowResponse>('BatchWriteRowResponse'),

  ListStreamRequest: codec<St.ListStreamRequest>('ListStreamRequest'),
  ListStreamResponse: codec<St.ListStreamResponse>('ListStreamResponse'),
  DescribeStreamRequest: codec<St.DescribeStreamRequest>('DescribeStreamRequest'),
  DescribeStreamResponse: codec<St.DescribeStreamResponse>('DescribeStreamResponse'),
  GetShardIteratorRequest: codec<St.GetShardIteratorRequest>('GetShardIteratorRequest'),
  GetShardIteratorResponse: codec<St.GetShardIteratorResponse>('GetShardIteratorResponse'),
  GetStreamRecordRequest: codec<St.GetStreamRecordRequest>('GetStreamRecordRequest'),
  GetStreamRecordResponse: codec<St.GetStreamRecordResponse>('GetStreamRecordResponse'),

  Filter: codec<F.Filter>('Filter'),
  SingleColumnValueFilter: codec<F.SingleColumnValueFilter>('SingleColumnValueFilter'),
  CompositeColumnValueFilter: codec<F.CompositeColumnValueFilter>('CompositeColumnValueFilter'),
  ColumnPaginationFilter: codec<F.ColumnPaginationFilter>('ColumnPaginationFilter'),
} as const;

/** Name of a message with a codec in {@link messages}. */
export type MessageName = keyof typeof messages;

/**
 * Request and response message names per API operation, as routed by URL path (`/PutRow`, spec 1.1). Lets the
 * emulator and the client share one table of the operations this package speaks.
 */
export const OPERATIONS = {
  CreateTable: { request: 'CreateTableRequest', response: 'CreateTableResponse' },
  UpdateTable: { request: 'UpdateTableRequest', response: 'UpdateTableResponse' },
  DescribeTable: { request: 'DescribeTableRequest', response: 'DescribeTableResponse' },
  ListTable: { request: 'ListTableRequest', response: 'ListTableResponse' },
  DeleteTable: { request: 'DeleteTableRequest', response: 'DeleteTableResponse' },
  GetRow: { request: 'GetRowRequest', response: 'GetRowResponse' },
  PutRow: { request: 'PutRowRequest', response: 'PutRowResponse' },
  UpdateRow: { request: 'UpdateRowRequest', response: 'UpdateRowResponse' },
  DeleteRow: { request: 'DeleteRowRequest', response: 'DeleteRowResponse' },
  GetRange: { request: 'GetRangeRequest', response: 'GetRangeResponse' },
  BatchGetRow: { request: 'BatchGetRowRequest', response: 'BatchGetRowResponse' },
  BatchWriteRow: { request: 'BatchWriteRowRequest', response: 'BatchWriteRowResponse' },
  ListStream: { request: 'ListStreamRequest', response: 'ListStreamResponse' },
  DescribeStream: { request: 'DescribeStreamRequest', response: 'DescribeStreamResponse' },
  GetShardIterator: { request: 'GetShardIteratorRequest', response: 'GetShardIteratorResponse' },
  GetStreamRecord: { request: 'GetStreamRecordRequest', response: 'GetStreamRecordResponse' },
} as const satisfies Record<string, { request: MessageName; response: MessageName }>;

/** An API operation name this package has messages for. */
export type OperationName = keyof typeof OPERATIONS;
