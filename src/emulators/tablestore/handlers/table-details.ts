/** Response pieces shared by the table operations (spec 1.8: every field the Go SDK dereferences is present). */
import type {
  PrimaryKeySchema,
  ReservedThroughputDetails,
  StreamDetails,
  TableMeta,
  TableOptions,
} from '../../../tablestore';
import type { Instance } from '../store/instance';
import type { Table } from '../store/table';

export function tableMetaOf(table: Table): TableMeta {
  const d = table.definition;
  return {
    tableName: d.name,
    primaryKey: d.primaryKey.map((c): PrimaryKeySchema =>
      c.autoIncrement ? { name: c.name, type: c.type, option: 1 } : { name: c.name, type: c.type },
    ),
    definedColumn: d.definedColumns.map((c) => ({ name: c.name, type: c.type as 1 })),
  };
}

/** `time_to_live`, `max_versions` and `deviation_cell_version_in_sec` always (the Go SDK reads all three). */
export function tableOptionsOf(table: Table): TableOptions {
  const o = table.definition.options;
  return {
    timeToLive: o.timeToLive,
    maxVersions: o.maxVersions,
    deviationCellVersionInSec: o.deviationCellVersionInSec,
    allowUpdate: true,
  };
}

/** Both capacity numbers always; times in epoch seconds (unit UNCONFIRMED, spec 5.1). */
export function reservedThroughputOf(instance: Instance, table: Table): ReservedThroughputDetails {
  const r = instance.reserved.get(table.name);
  const details: ReservedThroughputDetails = {
    capacityUnit: { read: r?.read ?? 0, write: r?.write ?? 0 },
    lastIncreaseTime: BigInt(r?.lastIncreaseSec ?? 0),
  };
  if (r?.lastDecreaseSec !== undefined) details.lastDecreaseTime = BigInt(r.lastDecreaseSec);
  return details;
}

/** Always sent; when enabled with id, expiration and last enable time (the Go SDK reads them, spec 1.8). */
export function streamDetailsOf(instance: Instance, table: Table): StreamDetails {
  const stream = instance.streams.get(table.name);
  if (stream === undefined) return { enableStream: false };
  return {
    enableStream: true,
    streamId: stream.streamId,
    expirationTime: stream.expirationHours,
    lastEnableTime: BigInt(stream.definition.creationTimeUs),
  };
}
