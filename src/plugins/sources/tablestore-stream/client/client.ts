/**
 * The Tablestore Stream client: the four stream APIs plus the few table and row calls the sync needs, each one a
 * signed POST with retries (spec 4.10). Stateless apart from its connection pool, so one client serves every
 * shard reader of a worker.
 */
import {
  decodeRow,
  encodePrimaryKey,
  encodeRow,
  messages,
  type AttributeCell,
  type MessageCodec,
  type OperationName,
  type PrimaryKeyColumn,
  type WriteRowResponse,
} from '../../../../tablestore';
import { decodeStreamRecords } from './change-records';
import { encodeCondition, NO_CONDITION } from './conditions';
import { StreamProtocolError, TablestoreClientOptionError } from './errors';
import { RequestCaller, type CallOptions } from './caller';
import type { TablestoreStreamClientOptions } from './options';
import { toCapacityUnits, toStreamDescriptionPage, toTableDescription } from './responses';
import {
  checkPositiveInt32,
  toPutAttribute,
  toUpdateAttribute,
  type PutCell,
  type UpdateCell,
  type WriteOptions,
  type WriteResult,
} from './rows';
import {
  toBatchRowResults,
  toBatchWriteMessage,
  toCreateTableMessage,
  toGetRangeMessage,
  toRangePage,
  type BatchRowChange,
  type BatchRowResult,
  type CreateTableSpec,
  type GetRangeRequest,
  type RangePage,
} from './table-calls';
import type {
  ShardIteratorResult,
  StreamDescription,
  StreamDescriptionPage,
  StreamRecordPage,
  StreamSummary,
  TableDescription,
  TableRow,
} from './types';

/** Guards against a service that keeps returning seek tokens; real seeks take a handful of steps. */
const MAX_SEEK_STEPS = 10_000;

/**
 * Client of the Tablestore stream APIs. Every method retries as `retry` allows (see `isRetryable`) and then throws:
 * `TablestoreError` (the service's error, by code), `TablestoreNetworkError`, `TablestoreResponseError`, or, for
 * records, `StreamRecordDecodeError`.
 */
export class TablestoreStreamClient {
  readonly #caller: RequestCaller;

  /** @throws TablestoreClientOptionError when an option is invalid. */
  constructor(options: TablestoreStreamClientOptions) {
    this.#caller = new RequestCaller(options);
  }

  /** Streams of the instance, or of one table. */
  async listStream(request: { tableName?: string } = {}, call: CallOptions = {}): Promise<StreamSummary[]> {
    const body = request.tableName === undefined ? {} : { tableName: request.tableName };
    const response = await this.#caller.call(
      'ListStream',
      messages.ListStreamRequest,
      messages.ListStreamResponse,
      body,
      call,
    );
    return response.streams.map((s) => ({
      streamId: s.streamId,
      tableName: s.tableName,
      creationTime: s.creationTime,
    }));
  }

  /** One page of a stream's shards; pass the page's `nextShardId` as `inclusiveStartShardId` for the next one. */
  async describeStream(
    request: { streamId: string; inclusiveStartShardId?: string; shardLimit?: number },
    call: CallOptions = {},
  ): Promise<StreamDescriptionPage> {
    if (request.shardLimit !== undefined) checkPositiveInt32('shardLimit', request.shardLimit);
    const response = await this.#caller.call(
      'DescribeStream',
      messages.DescribeStreamRequest,
      messages.DescribeStreamResponse,
      request,
      call,
    );
    return toStreamDescriptionPage(response);
  }

  /**
   * Every shard of a stream, reading pages until `next_shard_id` is absent (spec 4.4), in the service's order.
   * @throws StreamProtocolError when paging returns to a page already read or lists a shard twice.
   */
  async describeStreamAllPages(
    streamId: string,
    options: CallOptions & { shardLimit?: number } = {},
  ): Promise<StreamDescription> {
    const { shardLimit, ...call } = options;
    const seen = new Set<string>();
    let page = await this.describeStream({ streamId, ...(shardLimit === undefined ? {} : { shardLimit }) }, call);
    const { nextShardId: _first, ...description } = page;
    const shards = [...page.shards];
    for (const shard of page.shards) seen.add(shard.shardId);
    while (page.nextShardId !== undefined) {
      const start = page.nextShardId;
      // The next page starts at a shard not yet listed; one already seen means the service is paging in a loop.
      if (seen.has(start)) throw new StreamProtocolError('DescribeStream', `paging returned to shard '${start}'.`);
      page = await this.describeStream(
        { streamId, inclusiveStartShardId: start, ...(shardLimit ? { shardLimit } : {}) },
        call,
      );
      if (page.shards.length === 0 && page.nextShardId === start) {
        throw new StreamProtocolError('DescribeStream', `paging at shard '${start}' makes no progress.`);
      }
      for (const shard of page.shards) {
        if (seen.has(shard.shardId)) {
          throw new StreamProtocolError('DescribeStream', `shard '${shard.shardId}' is listed on two pages.`);
        }
        seen.add(shard.shardId);
        shards.push(shard);
      }
    }
    return { ...description, shards };
  }

  /**
   * One GetShardIterator call. Without `timestamp`: the oldest retained record ("trim horizon"). With `timestamp`
   * (µs): the first record at or after it, possibly in several steps — see {@link seekShardIterator}.
   */
  async getShardIterator(
    request: { streamId: string; shardId: string; timestamp?: bigint; token?: string },
    call: CallOptions = {},
  ): Promise<ShardIteratorResult> {
    const response = await this.#caller.call(
      'GetShardIterator',
      messages.GetShardIteratorRequest,
      messages.GetShardIteratorResponse,
      request,
      call,
    );
    const result: ShardIteratorResult = { shardIterator: response.shardIterator };
    // The Java SDK maps an empty token to null; an empty one cannot continue a seek anyway.
    if (response.nextToken !== undefined && response.nextToken !== '') result.nextToken = response.nextToken;
    return result;
  }

  /**
   * A shard iterator at `timestamp` (µs), following `next_token` until the service returns none and using the last
   * iterator, as DataX does (spec 4.6). Without `timestamp`, the trim horizon.
   * @throws StreamProtocolError when the service keeps returning tokens.
   */
  async seekShardIterator(
    request: { streamId: string; shardId: string; timestamp?: bigint },
    call: CallOptions = {},
  ): Promise<string> {
    let result = await this.getShardIterator(request, call);
    for (let steps = 1; result.nextToken !== undefined; steps++) {
      if (steps >= MAX_SEEK_STEPS) {
        throw new StreamProtocolError('GetShardIterator', `seek did not finish after ${MAX_SEEK_STEPS} steps.`);
      }
      result = await this.getShardIterator({ ...request, token: result.nextToken }, call);
    }
    return result.shardIterator;
  }

  /**
   * One page of change records from `shardIterator`. `nextShardIterator` absent = shard closed after this page;
   * no records but an iterator = caught up (poll again later).
   * @param request.limit records per page, 1..2^31-1. @default the service's default (UNCONFIRMED; 1000 in the
   *   local server and Alibaba's stream client)
   * @param request.tableName only for tables in a table group.
   * @throws StreamRecordDecodeError when a record cannot be decoded; `TablestoreError` `OTSTrimmedDataAccess`
   *   when the iterator points into trimmed data (the checkpoint is lost).
   */
  async getStreamRecord(
    request: { shardIterator: string; limit?: number; tableName?: string },
    call: CallOptions = {},
  ): Promise<StreamRecordPage> {
    if (request.limit !== undefined) checkPositiveInt32('limit', request.limit);
    const response = await this.#caller.call(
      'GetStreamRecord',
      messages.GetStreamRecordRequest,
      messages.GetStreamRecordResponse,
      request,
      call,
    );
    // An empty next_shard_iterator is kept as given (the Go and Java SDKs test presence, not emptiness): only
    // absence may close a shard, since a wrongly closed shard would silently lose its remaining records.
    const page: StreamRecordPage = {
      records: decodeStreamRecords(response.streamRecords),
      shardClosed: response.nextShardIterator === undefined,
    };
    if (response.nextShardIterator !== undefined) page.nextShardIterator = response.nextShardIterator;
    if (response.mayMoreRecord !== undefined) page.mayMoreRecord = response.mayMoreRecord;
    const consumed = toCapacityUnits(response.consumed);
    if (consumed !== undefined) page.consumed = consumed;
    return page;
  }

  /** A table's key schema, options and stream details (the stream id, as Alibaba's stream client finds it). */
  async describeTable(tableName: string, call: CallOptions = {}): Promise<TableDescription> {
    const response = await this.#caller.call(
      'DescribeTable',
      messages.DescribeTableRequest,
      messages.DescribeTableResponse,
      { tableName },
      call,
    );
    return toTableDescription(response);
  }

  /**
   * The latest `maxVersions` versions of a row's columns (all columns unless `columnsToGet`), or undefined when
   * the row does not exist.
   */
  async getRow(
    request: { tableName: string; primaryKey: PrimaryKeyColumn[]; columnsToGet?: string[]; maxVersions?: number },
    call: CallOptions = {},
  ): Promise<TableRow | undefined> {
    const maxVersions = request.maxVersions ?? 1;
    checkPositiveInt32('maxVersions', maxVersions);
    const response = await this.#caller.call(
      'GetRow',
      messages.GetRowRequest,
      messages.GetRowResponse,
      {
        tableName: request.tableName,
        primaryKey: encodePrimaryKey(request.primaryKey),
        maxVersions,
        ...(request.columnsToGet === undefined ? {} : { columnsToGet: request.columnsToGet }),
      },
      call,
    );
    if (response.row.length === 0) return undefined;
    const row = decodeRow(response.row);
    return { primaryKey: row.primaryKey, attributes: row.attributes };
  }

  /**
   * Replaces a row with `attributes`. Fails with `OTSConditionCheckFail` when `condition` does not hold.
   * Not retried after an ambiguous failure unless `idempotent` (see {@link WriteOptions}).
   */
  async putRow(
    request: { tableName: string; primaryKey: PrimaryKeyColumn[]; attributes?: PutCell[] },
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    const attributes: AttributeCell[] = (request.attributes ?? []).map(toPutAttribute);
    const row = encodeRow({ primaryKey: request.primaryKey, attributes });
    const condition = encodeCondition(options.condition ?? NO_CONDITION);
    const body = { tableName: request.tableName, row, condition };
    return this.#write('PutRow', messages.PutRowRequest, messages.PutRowResponse, body, options);
  }

  /**
   * Changes some columns of a row (creating it if absent, unless `condition` expects it to exist).
   * @throws TablestoreClientOptionError when `cells` is empty (the service rejects it).
   */
  async updateRow(
    request: { tableName: string; primaryKey: PrimaryKeyColumn[]; cells: UpdateCell[] },
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    if (request.cells.length === 0)
      throw new TablestoreClientOptionError('cells', 'UpdateRow needs at least one cell.');
    const attributes = request.cells.map(toUpdateAttribute);
    const rowChange = encodeRow({ primaryKey: request.primaryKey, attributes });
    const condition = encodeCondition(options.condition ?? NO_CONDITION);
    const body = { tableName: request.tableName, rowChange, condition };
    return this.#write('UpdateRow', messages.UpdateRowRequest, messages.UpdateRowResponse, body, options);
  }

  /** Deletes a row (succeeds for a missing row unless `condition` expects it to exist). */
  async deleteRow(
    request: { tableName: string; primaryKey: PrimaryKeyColumn[] },
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    const primaryKey = encodePrimaryKey(request.primaryKey, { deleteMarker: true });
    const condition = encodeCondition(options.condition ?? NO_CONDITION);
    const body = { tableName: request.tableName, primaryKey, condition };
    return this.#write('DeleteRow', messages.DeleteRowRequest, messages.DeleteRowResponse, body, options);
  }

  /** One page of rows in a primary-key range; follow `nextStartPrimaryKey` for the rest. */
  async getRange(request: GetRangeRequest, call: CallOptions = {}): Promise<RangePage> {
    const response = await this.#caller.call(
      'GetRange',
      messages.GetRangeRequest,
      messages.GetRangeResponse,
      toGetRangeMessage(request),
      call,
    );
    return toRangePage(response);
  }

  /**
   * Writes up to 200 rows of one table in one request. The request is retried as a whole like a write (see
   * {@link WriteOptions}); rows then succeed or fail one by one: the results are in request order, and a failed
   * row carries the service's error. Not atomic.
   * @throws TablestoreClientOptionError when `rows` is empty or longer than 200.
   */
  async batchWriteRow(
    request: { tableName: string; rows: readonly BatchRowChange[] },
    options: WriteOptions = {},
  ): Promise<BatchRowResult[]> {
    const body = toBatchWriteMessage(request.tableName, request.rows);
    const response = await this.#caller.call(
      'BatchWriteRow',
      messages.BatchWriteRowRequest,
      messages.BatchWriteRowResponse,
      body,
      options,
      options.idempotent,
    );
    return toBatchRowResults(response, request.rows.length);
  }

  /** Creates a table (no stream). Fails with `OTSObjectAlreadyExist` when it exists. */
  async createTable(spec: CreateTableSpec, call: CallOptions = {}): Promise<void> {
    await this.#caller.call(
      'CreateTable',
      messages.CreateTableRequest,
      messages.CreateTableResponse,
      toCreateTableMessage(spec),
      call,
    );
  }

  /** Closes idle pooled connections of the client's own agent; an agent passed in options is left alone. */
  close(): void {
    this.#caller.close();
  }

  async #write<Req>(
    operation: OperationName,
    requestCodec: MessageCodec<Req>,
    responseCodec: MessageCodec<WriteRowResponse>,
    request: Req,
    options: WriteOptions,
  ): Promise<WriteResult> {
    const response = await this.#caller.call(
      operation,
      requestCodec,
      responseCodec,
      request,
      options,
      options.idempotent,
    );
    return { consumed: toCapacityUnits(response.consumed) };
  }
}
