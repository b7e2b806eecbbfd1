/**
 * CreateTable — https://www.alibabacloud.com/help/en/tablestore/developer-reference/createtable
 *
 * Supported: table meta (1–4 primary-key columns of INTEGER/STRING/BINARY, one auto-increment column that is not
 * the first), defined columns (stored and reported only), table options (time to live, max versions, deviation),
 * reserved throughput (reported only), stream specification. The table serves at once (no OTSTableNotReady).
 * Rejected as unsupported: secondary indexes, server-side encryption, local transactions. Partitions are ignored
 * (stream shards come from the server's shard count).
 */
import {
  PrimaryKeyOption,
  PrimaryKeyType,
  type CreateTableRequest,
  type CreateTableResponse,
  type StreamSpecification,
} from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import { tableAlreadyExists } from '../store/instance';
import type { PrimaryKeyColumnSchema } from '../store/primary-key';
import type { TableDefinition } from '../store/table';
import type { Handler } from './context';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/** The longest stream retention the service accepts today (spec 4.2). */
export const MAX_STREAM_EXPIRATION_HOURS = 168;
/** SDK default for `deviation_cell_version_in_sec` (spec 5.2). */
const DEFAULT_DEVIATION_SEC = 86400n;

export const createTable: Handler<CreateTableRequest, CreateTableResponse> = (request, { instance, nowUs }) => {
  const meta = request.tableMeta;
  const name = meta.tableName;
  if (!NAME.test(name)) throw TablestoreServerError.invalid(`Invalid table name: '${name}'.`);
  if ((request.indexMetas?.length ?? 0) > 0 || (meta.indexMeta?.length ?? 0) > 0) {
    throw TablestoreServerError.invalid('Unsupported feature: secondary indexes are not supported by this server.');
  }
  if (request.sseSpec?.enable) {
    throw TablestoreServerError.invalid('Unsupported feature: server-side encryption is not supported by this server.');
  }
  if (request.enableLocalTxn) {
    throw TablestoreServerError.invalid('Unsupported feature: local transactions are not supported by this server.');
  }
  const primaryKey = checkPrimaryKeySchema(meta.primaryKey ?? []);
  const options = request.tableOptions;
  if (options?.timeToLive === undefined)
    throw TablestoreServerError.invalid('Time-to-live is missing while creating table.');
  if (options.maxVersions === undefined)
    throw TablestoreServerError.invalid('MaxVersions is missing while creating table.');
  checkTableOptions(options.timeToLive, options.maxVersions, options.deviationCellVersionInSec);
  const expirationHours = streamExpiration(request.streamSpec);
  if (instance.tables.has(name)) throw tableAlreadyExists(name);

  const table: TableDefinition = {
    name,
    primaryKey,
    definedColumns: (meta.definedColumn ?? []).map((c) => ({ name: c.name, type: c.type })),
    options: {
      timeToLive: options.timeToLive,
      maxVersions: options.maxVersions,
      deviationCellVersionInSec: options.deviationCellVersionInSec ?? DEFAULT_DEVIATION_SEC,
    },
    reservedRead: request.reservedThroughput.capacityUnit.read ?? 0,
    reservedWrite: request.reservedThroughput.capacityUnit.write ?? 0,
    createdUs: nowUs,
  };
  instance.commit({
    op: 'createTable',
    table,
    ...(expirationHours === undefined ? {} : { stream: instance.newStream(name, expirationHours, nowUs) }),
  });
  return {};
};

function checkPrimaryKeySchema(
  columns: NonNullable<CreateTableRequest['tableMeta']['primaryKey']>,
): PrimaryKeyColumnSchema[] {
  if (columns.length < 1 || columns.length > 4) {
    throw TablestoreServerError.invalid(
      `The number of primary key columns must be in range: [1, 4], got ${columns.length}.`,
    );
  }
  const seen = new Set<string>();
  let autoIncrements = 0;
  return columns.map((c, i) => {
    if (!NAME.test(c.name)) throw TablestoreServerError.invalid(`Invalid primary key name: '${c.name}'.`);
    if (seen.has(c.name)) throw TablestoreServerError.invalid(`Duplicated primary key name: '${c.name}'.`);
    seen.add(c.name);
    if (!Object.values(PrimaryKeyType).includes(c.type)) {
      throw TablestoreServerError.invalid(`Invalid primary key type of '${c.name}': ${String(c.type)}.`);
    }
    const autoIncrement = c.option === PrimaryKeyOption.AUTO_INCREMENT;
    if (autoIncrement) {
      autoIncrements++;
      if (i === 0) throw TablestoreServerError.invalid('The first primary key column can not be auto-increment.');
      if (c.type !== PrimaryKeyType.INTEGER) {
        throw TablestoreServerError.invalid(`Auto-increment primary key '${c.name}' must be INTEGER.`);
      }
      if (autoIncrements > 1)
        throw TablestoreServerError.invalid('At most one primary key column can be auto-increment.');
    }
    return { name: c.name, type: c.type, autoIncrement };
  });
}

/**
 * @throws TablestoreServerError `OTSParameterInvalid` unless TTL is positive or -1 and max versions positive.
 */
export function checkTableOptions(timeToLive: number, maxVersions: number, deviation: bigint | undefined): void {
  if (timeToLive === 0 || timeToLive < -1) throw TablestoreServerError.invalid(`Invalid time-to-live: ${timeToLive}.`);
  if (maxVersions <= 0) throw TablestoreServerError.invalid(`Invalid max versions: ${maxVersions}.`);
  if (deviation !== undefined && deviation <= 0n) {
    throw TablestoreServerError.invalid(`Invalid max time deviation: ${deviation}.`);
  }
}

/**
 * The retention of a stream specification that enables the stream, undefined when it does not.
 * @throws TablestoreServerError `OTSParameterInvalid` when enabling without a valid expiration, or disabling with one
 *   (the Java SDK enforces the same pair of rules, spec 4.2).
 */
export function streamExpiration(spec: StreamSpecification | undefined): number | undefined {
  if (spec === undefined) return undefined;
  if (!spec.enableStream) {
    if (spec.expirationTime !== undefined) {
      throw TablestoreServerError.invalid('Expiration time can not be set when the stream is disabled.');
    }
    return undefined;
  }
  const hours = spec.expirationTime;
  if (hours === undefined) throw TablestoreServerError.invalid('Expiration time is required when enabling stream.');
  if (hours < 1 || hours > MAX_STREAM_EXPIRATION_HOURS) {
    throw TablestoreServerError.invalid(
      `Invalid stream expiration time: ${hours}, must be in range: [1, ${MAX_STREAM_EXPIRATION_HOURS}].`,
    );
  }
  if ((spec.columnsToGet?.length ?? 0) > 0) {
    throw TablestoreServerError.invalid('Unsupported feature: stream original columns (columns_to_get).');
  }
  return hours;
}
