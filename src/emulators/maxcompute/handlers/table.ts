/**
 * Table metadata over REST (spec 3.2, 3.3): GetTable (`GET /api/projects/{p}/tables/{t}`: XML whose `Schema` is a
 * JSON document in CDATA, data columns under `columns`, partition keys under `partitionKeys`), ListPartitions
 * (`?partitions&expectmarker=true[&partition=<prefix>][&marker=..][&maxitems=..]`, paged by `Marker`) and
 * GetPartition (`?partition=pt='x'`). Reference: https://help.aliyun.com/zh/maxcompute/user-guide/api-reference.
 * Partitions are created and dropped with SQL instances (spec 3.3), as on the real service.
 */
import { MaxComputeServerError } from '../errors';
import type { TableState } from '../store/catalog';
import { parseSpecText, resolvePartition } from '../store/partition-spec';
import { OWNER, type DataManifest, type PartitionInfo } from '../store/types';
import { cdata, element, httpDate, xmlDocument } from '../xml';
import { xmlResponse, type Handler, type RequestContext } from './context';

const seconds = (ms: number) => Math.floor(ms / 1000);
const sizeOf = (m: DataManifest) => m.files.reduce((n, f) => n + f.bytes, 0);
const recordsOf = (m: DataManifest) => m.files.reduce((n, f) => n + f.records, 0);

function lastModified(context: RequestContext, table: TableState): number {
  const times = context.catalog.allData(table).map((d) => d.manifest.lastModifiedMs);
  return Math.max(table.info.lastDdlMs, ...times);
}

export const getTable: Handler = async (context) => {
  const table = context.catalog.table(context.params.project, context.params.table);
  const { info } = table;
  const data = context.catalog.allData(table);
  const modified = lastModified(context, table);
  const schema = {
    tableName: info.name,
    comment: info.comment,
    owner: OWNER,
    createTime: seconds(info.createdMs),
    lastModifiedTime: seconds(modified),
    lastDDLTime: seconds(info.lastDdlMs),
    isVirtualView: false,
    isExternal: false,
    lifecycle: info.lifecycle,
    size: data.reduce((n, d) => n + sizeOf(d.manifest), 0),
    columns: info.columns.map((c) => ({
      name: c.name,
      type: c.type,
      comment: c.comment,
      label: '',
      isNullable: c.nullable,
    })),
    partitionKeys: info.partitionKeys.map((c) => ({ name: c.name, type: c.type, comment: c.comment, label: '' })),
  };
  const root = element('Table', [
    element('Name', info.name),
    element('TableId', info.id.replace(/-/g, '')),
    element('Schema', cdata(JSON.stringify(schema))),
    element('Owner', OWNER),
    element('CreationTime', httpDate(info.createdMs)),
    element('LastModifiedTime', httpDate(modified)),
    element('Type', 'MANAGED_TABLE'),
  ]);
  return xmlResponse(xmlDocument(root), 200, { 'last-modified': httpDate(modified) });
};

function partitionElement(context: RequestContext, table: TableState, partition: PartitionInfo) {
  const manifest = context.catalog.manifest(table, partition.spec);
  return element('Partition', [
    partition.values.map(([name, value]) => element('Column', '', { Name: name, Value: value })),
    element('CreationTime', seconds(partition.createdMs)),
    element('LastDDLTime', seconds(partition.lastDdlMs)),
    element('LastModifiedTime', seconds(Math.max(partition.lastDdlMs, manifest.lastModifiedMs))),
    element('PartitionSize', sizeOf(manifest)),
    element('PartitionRecordNum', recordsOf(manifest)),
  ]);
}

/** Page size when the client gives no `maxitems`. */
const DEFAULT_MAX_ITEMS = 1000;

export const listPartitions: Handler = async (context) => {
  const table = context.catalog.table(context.params.project, context.params.table);
  const prefixText = context.query.get('partition');
  const prefix = prefixText === undefined || prefixText === '' ? [] : parseSpecText(prefixText);
  const wanted = new Map(prefix.map(([k, v]) => [k.toLowerCase(), v]));
  let partitions = context.catalog
    .partitions(table)
    .filter((p) => p.values.every(([k, v]) => !wanted.has(k) || wanted.get(k) === v));
  const marker = context.query.get('marker') ?? '';
  if (marker !== '') {
    const after = Buffer.from(marker, 'base64url').toString('utf8');
    partitions = partitions.filter((p) => p.spec > after);
  }
  const paged = context.query.has('expectmarker');
  const maxItems = Number(context.query.get('maxitems') ?? DEFAULT_MAX_ITEMS);
  if (!Number.isInteger(maxItems) || maxItems < 1) {
    throw new MaxComputeServerError('InvalidParameter', { message: 'maxitems must be a positive integer.' });
  }
  const page = paged ? partitions.slice(0, maxItems) : partitions;
  const more = paged && partitions.length > page.length;
  const root = element('Partitions', [
    paged ? element('Marker', more ? Buffer.from(page[page.length - 1]!.spec).toString('base64url') : '') : undefined,
    paged ? element('MaxItems', maxItems) : undefined,
    page.map((p) => partitionElement(context, table, p)),
  ]);
  return xmlResponse(xmlDocument(root));
};

export const getPartition: Handler = async (context) => {
  const table = context.catalog.table(context.params.project, context.params.table);
  const resolved = resolvePartition(table.info, parseSpecText(context.query.get('partition') ?? ''));
  const partition = table.partitions.get(resolved.spec);
  if (partition === undefined) {
    throw new MaxComputeServerError('NoSuchPartition', {
      message: `The specified partition '${resolved.spec}' does not exist.`,
    });
  }
  const manifest = context.catalog.manifest(table, partition.spec);
  const schema = {
    createTime: seconds(partition.createdMs),
    lastDDLTime: seconds(partition.lastDdlMs),
    lastModifiedTime: seconds(Math.max(partition.lastDdlMs, manifest.lastModifiedMs)),
    partitionSize: sizeOf(manifest),
    partitionRecordNum: recordsOf(manifest),
  };
  return xmlResponse(
    xmlDocument(
      element('Partition', [
        partition.values.map(([name, value]) => element('Column', '', { Name: name, Value: value })),
        element('Schema', cdata(JSON.stringify(schema))),
      ]),
    ),
  );
};
