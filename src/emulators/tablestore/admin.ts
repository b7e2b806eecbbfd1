/**
 * Admin operations for tests and fault drills, not part of the Tablestore API: split a shard, merge two shards,
 * trim stream records, inject faults, inspect shards. Offered as methods ({@link TablestoreAdmin}) and as JSON over
 * HTTP under `/_admin/` on the server's port (no signature; the server only listens on loopback):
 *
 *   POST /_admin/split-shard   {"tableName":"t","shardId":"shard-0001"}        → {"children":["shard-0005","shard-0006"]}
 *   POST /_admin/merge-shards  {"tableName":"t","shardIds":["shard-0002","shard-0003"]} → {"child":"shard-0007"}
 *   POST /_admin/trim          {"beforeUs":"1700000000000000","tableName":"t"}  → {}
 *   POST /_admin/faults        {"rules":[{"kind":"server-busy","rate":0.1}]}    → {"rules":[...]}   ([] clears)
 *   GET  /_admin/faults                                                        → {"rules":[...]}
 *   GET  /_admin/shards?tableName=t                                            → {"shards":[...]}
 *   GET  /_admin/health                                                        → {"ok":true}
 *
 * Errors: `{"error":{"code","message"}}` with the code's HTTP status.
 */
import { TablestoreServerError, toServiceError } from './errors';
import type { FaultInjector, FaultRule } from './faults';
import { nowMicros, type Instance } from './store/instance';

/** One shard as {@link TablestoreAdmin.shards} reports it. */
export interface ShardInfo {
  shardId: string;
  parentId?: string;
  parentSiblingId?: string;
  open: boolean;
  /** Retained records. */
  records: number;
  /** Partition-hash range `[lo, hi)`. */
  hashRange: [number, number];
}

export interface TablestoreAdmin {
  /**
   * Closes an open shard and opens two children, each taking half its key range, with `parent_id` = the shard.
   * @returns the children's ids. @throws TablestoreServerError when the table has no stream or the shard is not open.
   */
  splitShard(tableName: string, shardId: string): string[];
  /**
   * Closes two adjacent open shards and opens one child over both ranges: `parent_id` = the one with the lower
   * range, `parent_sibling_id` = the other. @returns the child's id.
   * @throws TablestoreServerError when the shards are unknown, closed or not adjacent.
   */
  mergeShards(tableName: string, shardId: string, otherShardId: string): string;
  /** Drops stream records committed before `beforeUs` (µs), of one table or all; readers there get OTSTrimmedDataAccess. */
  trimStream(beforeUs: number, tableName?: string): void;
  /** Replaces the fault rules; `[]` clears them. */
  setFaults(rules: readonly FaultRule[]): void;
  faults(): FaultRule[];
  /** The stream's shards in DescribeStream order, with record counts. */
  shards(tableName: string): ShardInfo[];
}

export function createAdmin(instance: Instance, faults: FaultInjector): TablestoreAdmin {
  const streamOf = (tableName: string) => {
    instance.table(tableName);
    const stream = instance.streams.get(tableName);
    if (stream === undefined) throw TablestoreServerError.invalid(`The stream of table '${tableName}' is not enabled.`);
    return stream;
  };
  const mint = () => instance.mintShardId();
  return {
    splitShard(tableName, shardId) {
      const stream = streamOf(tableName);
      const atUs = nowMicros();
      const children = stream.planSplit(shardId, atUs, mint);
      instance.commit({ op: 'lineage', table: tableName, children, atUs });
      instance.sync();
      return children.map((c) => c.shardId);
    },
    mergeShards(tableName, shardId, otherShardId) {
      const stream = streamOf(tableName);
      const atUs = nowMicros();
      const child = stream.planMerge(shardId, otherShardId, atUs, mint);
      instance.commit({ op: 'lineage', table: tableName, children: [child], atUs });
      instance.sync();
      return child.shardId;
    },
    trimStream(beforeUs, tableName) {
      if (!Number.isSafeInteger(beforeUs)) throw TablestoreServerError.invalid('beforeUs must be an integer (µs).');
      if (tableName !== undefined) streamOf(tableName);
      instance.commit({ op: 'trim', beforeUs, ...(tableName === undefined ? {} : { table: tableName }) });
      instance.sync();
    },
    setFaults(rules) {
      faults.set(rules);
    },
    faults() {
      return faults.list();
    },
    shards(tableName) {
      const stream = streamOf(tableName);
      return stream.shards.map((s) => ({
        shardId: s.id,
        ...(s.definition.parentId === undefined ? {} : { parentId: s.definition.parentId }),
        ...(s.definition.parentSiblingId === undefined ? {} : { parentSiblingId: s.definition.parentSiblingId }),
        open: s.isOpen,
        records: s.records.length,
        hashRange: [s.definition.lo, s.definition.hi],
      }));
    },
  };
}

/** Answers one `/_admin/...` request: `{status, body}` with a JSON body. */
export function handleAdminRequest(
  admin: TablestoreAdmin,
  method: string,
  url: URL,
  body: Buffer,
): { status: number; body: string } {
  try {
    const route = url.pathname.slice('/_admin/'.length);
    const input = method === 'POST' && body.length > 0 ? parseJson(body) : {};
    const str = (name: string): string => {
      const v = input[name] ?? url.searchParams.get(name) ?? undefined;
      if (typeof v !== 'string' || v === '') throw TablestoreServerError.invalid(`'${name}' is required.`);
      return v;
    };
    const key = `${method} ${route}`;
    switch (key) {
      case 'GET health':
      case 'POST health':
        return ok({ ok: true });
      case 'POST split-shard':
        return ok({ children: admin.splitShard(str('tableName'), str('shardId')) });
      case 'POST merge-shards': {
        const ids = input.shardIds;
        if (!Array.isArray(ids) || ids.length !== 2 || !ids.every((x) => typeof x === 'string')) {
          throw TablestoreServerError.invalid("'shardIds' must name two shards.");
        }
        return ok({ child: admin.mergeShards(str('tableName'), ids[0] as string, ids[1] as string) });
      }
      case 'POST trim': {
        const before = Number(input.beforeUs);
        const table = input.tableName;
        admin.trimStream(before, typeof table === 'string' ? table : undefined);
        return ok({});
      }
      case 'POST faults': {
        if (!Array.isArray(input.rules)) throw TablestoreServerError.invalid("'rules' must be a list.");
        admin.setFaults(input.rules as FaultRule[]);
        return ok({ rules: admin.faults() });
      }
      case 'GET faults':
        return ok({ rules: admin.faults() });
      case 'GET shards':
        return ok({ shards: admin.shards(str('tableName')) });
      default:
        return {
          status: 404,
          body: JSON.stringify({ error: { code: 'OTSParameterInvalid', message: `Unknown admin route: ${key}.` } }),
        };
    }
  } catch (err) {
    const e = toServiceError(err);
    return { status: e.httpStatus, body: JSON.stringify({ error: { code: e.code, message: e.message } }) };
  }
}

function ok(value: unknown): { status: number; body: string } {
  return { status: 200, body: JSON.stringify(value) };
}

function parseJson(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw TablestoreServerError.invalid('The admin request body is not JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw TablestoreServerError.invalid('The admin request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
