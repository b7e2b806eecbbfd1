import { z } from 'zod';
import type { SecretRef } from '../../../datasources/secret-ref';
import { dxBoolean, dxInteger, dxString, dxStringList } from '../../../job/schema/datax-values';
import { parseParameters, requireText } from '../../../job/schema/parse-parameters';
import type { PluginSchema } from '../../types';

export interface MaxComputeConnection {
  /** MaxCompute API endpoint (`odpsServer`, alias `endpoint`). */
  readonly odpsServer: string;
  readonly tunnelServer?: string;
  readonly project: string;
  readonly datasource?: string;
  readonly credentials: SecretRef;
}

/** The MaxCompute (ODPS) writer's parameters after validation (writers.md §3.1). */
export interface CompiledMaxComputeConfig {
  readonly table: string;
  /** Normalised static partition `pt=20240315,type=1`, or undefined for a non-partitioned table. */
  readonly partition?: string;
  /** Column names, or ["*"] for every non-partition column. */
  readonly columns: readonly string[];
  /** Drop and re-create the partition (or truncate the table) before writing. No default: required. */
  readonly truncate: boolean;
  readonly emptyAsNull: boolean;
  readonly blockSizeInMb: number;
  readonly maxRetryTime: number;
  readonly consistencyCommit: boolean;
  readonly writeTimeoutMs: number;
  readonly preSql: readonly string[];
  readonly postSql: readonly string[];
  readonly overLengthRule: 'keepOn' | 'truncate' | 'setNull';
  readonly maxFieldLength: number;
  readonly maxOdpsFieldLength: number;
  readonly enableOverLengthOutput: boolean;
  readonly maxOverLengthOutputCount?: number;
  readonly calendarTimeZone?: string;
  readonly calendarType: string;
  readonly useDateWithCalendar: boolean;
}

const MIB = 1024 * 1024;
const shape = {
  odpsServer: dxString(),
  endpoint: dxString(),
  tunnelServer: dxString(),
  project: dxString(),
  table: dxString(),
  partition: dxString(),
  column: dxStringList(),
  truncate: dxBoolean(),
  emptyAsNull: dxBoolean(),
  blockSizeInMB: dxInteger(1),
  maxRetryTime: dxInteger(1, 10),
  consistencyCommit: dxBoolean(),
  writeTimeoutInMs: dxInteger(1),
  preSql: dxStringList(),
  postSql: dxStringList(),
  supportDynamicPartition: dxBoolean(),
  partitionColumnMapping: z.unknown().optional(),
  partitionFormatType: z.unknown().optional(),
  customPartitionColumns: z.unknown().optional(),
  customPartitionFunctions: z.unknown().optional(),
  overLengthRule: z
    .enum(['keepOn', 'truncate', 'setNull'], { error: 'must be keepOn, truncate or setNull' })
    .optional(),
  maxFieldLength: dxInteger(1),
  maxOdpsFieldLength: dxInteger(1),
  enableOverLengthOutput: dxBoolean(),
  maxOverLengthOutputCount: dxInteger(0),
  accountType: dxString(),
  calendarTimeZone: dxString(),
  calendarType: dxString(),
  useDateWithCalendar: dxBoolean(),
};
const schema = z.looseObject(shape);
const IGNORED = {
  isCompress: 'the DataX writer reads it but never uses it',
  compress: 'the DataX writer never reads it (DataWorks templates carry it)',
  envType: 'a DataWorks development/production marker',
};

/** DataX's partition normalisation (OdpsUtil.formatPartition): `pt='1' / t = 2` → `pt=1,t=2`. */
export function formatPartition(text: string): string {
  return text
    .trim()
    .replace(/\s*=\s*/g, '=')
    .replace(/\s*\/\s*/g, ',')
    .replace(/\s*,\s*/g, ',')
    .replace(/'/g, '');
}

/** The MaxCompute writer (DataX `odpswriter`, DataWorks `odps`). */
export const maxComputeSchema: PluginSchema<MaxComputeConnection, CompiledMaxComputeConfig> = {
  id: 'maxcompute',
  role: 'sink',
  dataxName: 'odpswriter',
  dataworksName: 'odps',
  datasourceType: 'maxcompute',
  datasourceFields: { endpoint: 'odpsServer', project: 'project', tunnelServer: 'tunnelServer' },
  credentialKeys: { accessId: ['accessId'], accessKey: ['accessKey'], securityToken: ['securityToken'] },
  credentialsRequired: true,
  compile(parameter, ctx) {
    const { path, issues } = ctx;
    const p = parseParameters({ schema, known: Object.keys(shape), ignored: IGNORED }, parameter, path, issues);
    if (!p) return undefined;
    const orDs = 'or set "datasource" to a registered MaxCompute datasource';
    const serverKey = p.odpsServer === undefined && p.endpoint !== undefined ? 'endpoint' : 'odpsServer';
    const odpsServer = requireText(p.odpsServer ?? p.endpoint, [...path, serverKey], issues, orDs);
    const project = requireText(p.project, [...path, 'project'], issues, orDs);
    const table = requireText(p.table, [...path, 'table'], issues, 'the target table');
    if (p.truncate === undefined) {
      issues.error(
        [...path, 'truncate'],
        'is required (true or false)',
        'use false for incremental runs: true erases the partition before every run',
      );
    } else if (p.truncate && !ctx.variesWithinDay('partition')) {
      issues.warn(
        [...path, 'truncate'],
        'truncate erases the target partition (or table) at the start of every run: 5-minute runs into one partition keep only the last window',
        'set "truncate": false for incremental sync',
      );
    }
    const columns = p.column ?? [];
    if (columns.length === 0)
      issues.error([...path, 'column'], p.column ? 'is empty' : 'is required', 'list the target columns, or ["*"]');
    const seen = new Set<string>();
    columns.forEach((c, i) => {
      if (seen.has(c.toLowerCase()))
        issues.error([...path, 'column', i], `column "${c}" is listed twice (names ignore case)`);
      seen.add(c.toLowerCase());
    });
    const partition = p.partition === undefined ? '' : formatPartition(p.partition);
    for (const piece of partition ? partition.split(',') : []) {
      if (!/^[^=]+=[^=]+$/.test(piece)) {
        issues.error(
          [...path, 'partition'],
          `"${piece}" is not key=value`,
          'e.g. "pt=${bdp.system.bizdate}" or "pt=20240315,type=1"',
        );
      }
    }
    if (
      p.supportDynamicPartition ||
      p.partitionColumnMapping !== undefined ||
      p.partitionFormatType !== undefined ||
      p.customPartitionColumns !== undefined ||
      p.customPartitionFunctions !== undefined
    ) {
      issues.error(
        [...path, 'supportDynamicPartition'],
        'dynamic partitions are not supported by otsync',
        'write to one static partition',
      );
    }
    let blockSize = p.blockSizeInMB ?? 64;
    if (blockSize > 512) issues.error([...path, 'blockSizeInMB'], 'must be at most 512');
    if (blockSize < 8) {
      issues.warn([...path, 'blockSizeInMB'], `${blockSize} MB is raised to 8 MB (DataX's minimum)`);
      blockSize = 8;
    }
    if (p.accountType !== undefined && p.accountType.trim().toLowerCase() !== 'aliyun') {
      issues.warn(
        [...path, 'accountType'],
        `accountType "${p.accountType}" is ignored (only aliyun accounts exist now)`,
      );
    }
    if (!odpsServer || !project || !table || p.truncate === undefined || issues.hasErrors) return undefined;
    const tunnel = p.tunnelServer?.trim();
    return {
      connection: {
        odpsServer,
        ...(tunnel && { tunnelServer: tunnel }),
        project,
        ...(ctx.datasource && { datasource: ctx.datasource.name }),
        credentials: ctx.credentials,
      },
      config: {
        table,
        ...(partition && { partition }),
        columns,
        truncate: p.truncate,
        emptyAsNull: p.emptyAsNull ?? false,
        blockSizeInMb: blockSize,
        maxRetryTime: p.maxRetryTime ?? 10,
        consistencyCommit: p.consistencyCommit ?? false,
        writeTimeoutMs: p.writeTimeoutInMs ?? 600_000,
        preSql: p.preSql ?? [],
        postSql: p.postSql ?? [],
        overLengthRule: p.overLengthRule ?? 'keepOn',
        maxFieldLength: p.maxFieldLength ?? 8 * MIB,
        maxOdpsFieldLength: p.maxOdpsFieldLength ?? 8 * MIB,
        enableOverLengthOutput: p.enableOverLengthOutput ?? true,
        ...(p.maxOverLengthOutputCount !== undefined && { maxOverLengthOutputCount: p.maxOverLengthOutputCount }),
        ...(p.calendarTimeZone !== undefined && { calendarTimeZone: p.calendarTimeZone }),
        calendarType: p.calendarType ?? 'iso8601',
        useDateWithCalendar: p.useDateWithCalendar ?? true,
      },
    };
  },
};
