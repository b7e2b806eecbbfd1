/**
 * Runs the SQL subset of `sql.ts` against the catalog, synchronously, as a SQL instance would (spec 3.3, 3.6).
 * Failures carry the real service's `ODPS-xxxxxxx:` message prefixes, which clients show and DataX matches on.
 */
import { randomUUID } from 'node:crypto';
import { wireKindOf } from '../../maxcompute';
import { MaxComputeServerError } from './errors';
import { parseStatement, splitStatements, SqlParseError, type ColumnDefinition, type SqlStatement } from './sql';
import { TABLE_NAME, type Catalog, type TableState } from './store/catalog';
import { resolvePartition } from './store/partition-spec';
import type { TableInfo } from './store/types';

function semantic(message: string): MaxComputeServerError {
  return new MaxComputeServerError('InvalidParameter', {
    message: `ODPS-0130071:Semantic analysis exception - ${message}`,
  });
}

function tableNotFound(project: string, table: string): MaxComputeServerError {
  return new MaxComputeServerError('NoSuchTable', {
    message: `ODPS-0130131:Table not found - table ${project}.${table} cannot be resolved`,
  });
}

function checkColumns(columns: readonly ColumnDefinition[], what: string): void {
  for (const column of columns) {
    if (!TABLE_NAME.test(column.name)) throw semantic(`invalid ${what} name '${column.name}'`);
    try {
      wireKindOf(column.type);
    } catch {
      throw semantic(`${what} '${column.name}' has type '${column.type}', which the local server does not support`);
    }
  }
}

/**
 * Runs one script (statements separated by `;`) in `project`; returns the instance's result text.
 * @throws MaxComputeServerError InvalidParameter (parse or semantic error), NoSuchTable, NoSuchPartition,
 *   NoSuchProject; the message starts with an `ODPS-` code.
 */
export async function runSql(catalog: Catalog, project: string, script: string): Promise<string> {
  catalog.project(project);
  const statements = splitStatements(script).map((text) => {
    try {
      return parseStatement(text);
    } catch (err) {
      if (!(err instanceof SqlParseError)) throw err;
      throw new MaxComputeServerError('InvalidParameter', {
        message: `ODPS-0130161:Parse exception - ${err.message}`,
        cause: err,
      });
    }
  });
  if (statements.length === 0) throw semantic('the query is empty');
  for (const statement of statements) await runStatement(catalog, project, statement);
  return 'OK';
}

async function runStatement(catalog: Catalog, defaultProject: string, statement: SqlStatement): Promise<void> {
  if (statement.kind === 'set') return;
  const project = statement.target.project ?? defaultProject;
  catalog.project(project);
  const name = statement.target.table;
  if (!TABLE_NAME.test(name)) throw semantic(`invalid table name '${name}'`);
  await catalog.withTableLock(project, name, async () => {
    switch (statement.kind) {
      case 'createTable': {
        if (catalog.hasTable(project, name)) {
          if (statement.ifNotExists) return;
          throw semantic(`Table or view already exists - ${project}.${name}`);
        }
        checkColumns(statement.columns, 'column');
        checkColumns(statement.partitionKeys, 'partition column');
        const names = [...statement.columns, ...statement.partitionKeys].map((c) => c.name);
        const duplicate = names.find((n, i) => names.indexOf(n) !== i);
        if (duplicate !== undefined) throw semantic(`column '${duplicate}' is defined twice`);
        if (statement.columns.length === 0) throw semantic('a table needs at least one column');
        const now = Date.now();
        const info: TableInfo = {
          id: randomUUID(),
          project,
          name,
          columns: statement.columns,
          partitionKeys: statement.partitionKeys,
          comment: statement.comment,
          lifecycle: statement.lifecycle,
          createdMs: now,
          lastDdlMs: now,
        };
        await catalog.createTable(info);
        return;
      }
      case 'dropTable': {
        if (!catalog.hasTable(project, name)) {
          if (statement.ifExists) return;
          throw tableNotFound(project, name);
        }
        await catalog.dropTable(catalog.table(project, name));
        return;
      }
      case 'addPartitions': {
        const table = existingTable(catalog, project, name);
        const resolved = statement.partitions.map((values) => resolveForSql(table, values));
        for (const partition of resolved) {
          if (table.partitions.has(partition.spec)) {
            if (statement.ifNotExists) continue;
            throw semantic(`Partition already exists - ${partition.spec}`);
          }
          await catalog.addPartition(table, partition);
        }
        return;
      }
      case 'dropPartitions': {
        const table = existingTable(catalog, project, name);
        const resolved = statement.partitions.map((values) => resolveForSql(table, values));
        for (const partition of resolved) {
          if (!table.partitions.has(partition.spec)) {
            if (statement.ifExists) continue;
            throw partitionNotFound(table, partition.spec);
          }
          await catalog.dropPartition(table, partition.spec);
        }
        return;
      }
      case 'truncate': {
        const table = existingTable(catalog, project, name);
        if (statement.partition !== undefined) {
          const partition = resolveForSql(table, statement.partition);
          if (!table.partitions.has(partition.spec)) throw partitionNotFound(table, partition.spec);
          await catalog.commitData(table, partition.spec, [], { overwrite: true });
        } else if (table.info.partitionKeys.length === 0) {
          await catalog.commitData(table, undefined, [], { overwrite: true });
        } else {
          // Every partition emptied; the partitions themselves stay.
          for (const partition of catalog.partitions(table)) {
            await catalog.commitData(table, partition.spec, [], { overwrite: true });
          }
        }
        return;
      }
    }
  });
}

function existingTable(catalog: Catalog, project: string, name: string): TableState {
  if (!catalog.hasTable(project, name)) throw tableNotFound(project, name);
  return catalog.table(project, name);
}

function partitionNotFound(table: TableState, spec: string): MaxComputeServerError {
  return new MaxComputeServerError('NoSuchPartition', {
    message: `ODPS-0130131:Partition not found - ${table.info.project}.${table.info.name} (${spec})`,
  });
}

function resolveForSql(table: TableState, values: [string, string][]) {
  try {
    return resolvePartition(table.info, values);
  } catch (err) {
    if (err instanceof MaxComputeServerError) throw semantic(err.message);
    throw err;
  }
}
