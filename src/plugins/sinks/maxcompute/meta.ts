/**
 * The REST (meta) calls the writer makes (maxcompute-tunnel.md §3): a table's schema, whether a partition exists,
 * and SQL DDL through an instance — the only way the real service adds or drops a partition.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MaxComputeConfigError, MaxComputeRequestError } from './errors';
import type { SignedHttp } from './http';

export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

export interface TableSchema {
  readonly columns: readonly TableColumn[];
  readonly partitionKeys: readonly TableColumn[];
}

export class MaxComputeMeta {
  constructor(
    private readonly http: SignedHttp,
    readonly project: string,
  ) {}

  /** The table's data columns and partition keys; a missing table or project is a configuration error. */
  async table(name: string): Promise<TableSchema> {
    const res = await this.http.call({
      operation: 'GetTable',
      method: 'GET',
      path: `/projects/${this.project}/tables/${name}`,
      query: [['curr_project', this.project]],
      accept: [404],
    });
    if (res.status === 404) {
      throw new MaxComputeConfigError(`the MaxCompute table ${this.project}.${name} does not exist`, {
        hint: 'create it first (the writer never creates tables), or fix "table"/"project"',
      });
    }
    const xml = res.body.toString('utf8');
    const json = /<Schema>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/Schema>/.exec(xml)?.[1];
    if (!json) throw new MaxComputeRequestError('GetTable', res.status, 'BadResponse', true, 1, undefined, 'no schema');
    const schema = JSON.parse(json) as {
      columns?: { name: string; type: string }[];
      partitionKeys?: { name: string; type: string }[];
    };
    const pick = (c: { name: string; type: string }) => ({ name: c.name, type: c.type.toLowerCase() });
    return { columns: (schema.columns ?? []).map(pick), partitionKeys: (schema.partitionKeys ?? []).map(pick) };
  }

  async partitionExists(table: string, spec: string): Promise<boolean> {
    const res = await this.http.call({
      operation: 'GetPartition',
      method: 'GET',
      path: `/projects/${this.project}/tables/${table}`,
      query: [
        ['curr_project', this.project],
        ['partition', sqlSpec(spec)],
      ],
      accept: [404],
    });
    return res.status !== 404;
  }

  /** Runs one statement as a SQL instance and waits until it ends; a failed statement throws. */
  async sql(statement: string, name: string): Promise<void> {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><Instance><Job><Priority>9</Priority><Tasks><SQL>' +
      `<Name>${name}</Name><Config><Property><Name>settings</Name>` +
      '<Value>{"odps.sql.type.system.odps2":"true"}</Value></Property></Config>' +
      `<Query><![CDATA[${statement}]]></Query></SQL></Tasks></Job></Instance>`;
    const res = await this.http.call({
      operation: 'CreateInstance',
      method: 'POST',
      path: `/projects/${this.project}/instances`,
      query: [['curr_project', this.project]],
      headers: { 'content-type': 'application/xml' },
      body,
    });
    const location = res.headers.get('location');
    if (!location) throw new MaxComputeRequestError('CreateInstance', res.status, 'NoLocation', true, 1, undefined, '');
    const id = location.split('/').pop()!;
    for (let i = 0; ; i++) {
      const status = await this.http.call({
        operation: 'GetInstance',
        method: 'GET',
        path: `/projects/${this.project}/instances/${id}`,
        query: [
          ['curr_project', this.project],
          ['taskstatus', ''],
        ],
      });
      const xml = status.body.toString('utf8');
      if (/<Status>\s*Failed\s*<\/Status>/i.test(xml) || /<Status>\s*Cancelled\s*<\/Status>/i.test(xml)) {
        const result = await this.http.call({
          operation: 'GetInstanceResult',
          method: 'GET',
          path: `/projects/${this.project}/instances/${id}`,
          query: [
            ['curr_project', this.project],
            ['result', ''],
          ],
        });
        const text = /<Result[^>]*>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/Result>/.exec(result.body.toString('utf8'));
        throw new MaxComputeRequestError('SQL', 200, 'SQLFailed', false, 1, undefined, (text?.[1] ?? '').slice(0, 300));
      }
      if (/<Status>\s*Success\s*<\/Status>/i.test(xml) && !/<Status>\s*Running\s*<\/Status>/i.test(xml)) return;
      if (/<Instance>[\s\S]*<Status>\s*Terminated\s*<\/Status>/i.test(xml) && !/<Task/i.test(xml)) return;
      await sleep(Math.min(100 * 2 ** i, 2000));
    }
  }
}

/** `pt=20240315,type=1` → `pt='20240315',type='1'` (SQL and meta calls quote values). */
export function sqlSpec(spec: string): string {
  return spec
    .split(',')
    .map((kv) => {
      const [k, v] = kv.split('=');
      return `${k}='${v}'`;
    })
    .join(',');
}
