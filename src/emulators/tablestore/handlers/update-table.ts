/**
 * UpdateTable — https://www.alibabacloud.com/help/en/tablestore/developer-reference/updatetable
 *
 * Supported: table options (time to live, max versions, deviation; unset fields keep their value), reserved
 * throughput (reported only), enabling the stream (a new stream id) and disabling it (the old stream's data becomes
 * unreadable, spec 4.5). Enabling an already enabled stream with a different expiration is rejected: the service's
 * behaviour is UNCONFIRMED and old docs say to disable and re-enable; the same expiration is a no-op.
 */
import type { UpdateTableRequest, UpdateTableResponse } from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import type { LogEntry } from '../store/instance';
import { checkTableOptions, streamExpiration } from './create-table';
import type { Handler } from './context';
import { reservedThroughputOf, streamDetailsOf, tableOptionsOf } from './table-details';

export const updateTable: Handler<UpdateTableRequest, UpdateTableResponse> = (request, { instance, nowUs }) => {
  const table = instance.table(request.tableName);
  const entry: Extract<LogEntry, { op: 'updateTable' }> = { op: 'updateTable', name: table.name };
  if (request.tableOptions !== undefined) {
    const current = table.definition.options;
    const o = request.tableOptions;
    const next = {
      timeToLive: o.timeToLive ?? current.timeToLive,
      maxVersions: o.maxVersions ?? current.maxVersions,
      deviationCellVersionInSec: o.deviationCellVersionInSec ?? current.deviationCellVersionInSec,
    };
    checkTableOptions(next.timeToLive, next.maxVersions, next.deviationCellVersionInSec);
    entry.options = next;
  }
  if (request.reservedThroughput !== undefined) {
    const cu = request.reservedThroughput.capacityUnit;
    const current = instance.reserved.get(table.name);
    entry.reserved = {
      read: cu.read ?? current?.read ?? 0,
      write: cu.write ?? current?.write ?? 0,
      atSec: Math.floor(nowUs / 1e6),
    };
  }
  if (request.streamSpec !== undefined) {
    const hours = streamExpiration(request.streamSpec);
    const existing = instance.streams.get(table.name);
    if (hours === undefined) {
      if (existing !== undefined) entry.stream = null;
    } else if (existing === undefined) {
      entry.stream = instance.newStream(table.name, hours, nowUs);
    } else if (existing.expirationHours !== hours) {
      throw TablestoreServerError.invalid(
        'The stream is already enabled; disable it before enabling it with another expiration time.',
      );
    }
  }
  if (
    request.tableOptions === undefined &&
    request.reservedThroughput === undefined &&
    request.streamSpec === undefined
  ) {
    throw TablestoreServerError.invalid(
      'No table option, reserved throughput or stream specification is given to update.',
    );
  }
  instance.commit(entry);
  return {
    reservedThroughputDetails: reservedThroughputOf(instance, table),
    tableOptions: tableOptionsOf(table),
    streamDetails: streamDetailsOf(instance, table),
  };
};
