/**
 * SQL instances (spec 3.6): `POST /api/projects/{p}/instances` (CreateInstance) runs the SQL task of the submitted
 * job at once and answers 201 with `Location`; `GET .../instances/{id}` (GetInstance) reports it `Terminated`, with
 * `?taskstatus` the task's `Success`/`Failed`, with `?result` the task's result text (`ODPS-xxxxxxx: ...` on
 * failure). Reference: https://help.aliyun.com/zh/maxcompute/user-guide/api-reference (Instances). Supported
 * subset: one SQL task per job running the DDL of `../sql.ts`; other task types are 501 NotImplemented. Instances
 * live in memory only (the last {@link MAX_INSTANCES}).
 */
import { randomBytes } from 'node:crypto';
import { MaxComputeServerError } from '../errors';
import { runSql } from '../sql-runner';
import type { Catalog } from '../store/catalog';
import { OWNER } from '../store/types';
import { cdata, element, firstElementText, httpDate, xmlDocument } from '../xml';
import { xmlResponse, type Handler, type McResponse, type RequestContext } from './context';
import { readSmallBody } from './request-body';

export const MAX_INSTANCES = 1000;

export interface InstanceRecord {
  id: string;
  project: string;
  taskName: string;
  startMs: number;
  endMs: number;
  success: boolean;
  result: string;
}

export class Instances {
  private readonly records = new Map<string, InstanceRecord>();

  constructor(private readonly catalog: Catalog) {}

  /** Runs a SQL script as one instance; a SQL failure is recorded (the instance exists), anything else is thrown. */
  async run(project: string, taskName: string, sql: string): Promise<InstanceRecord> {
    const startMs = Date.now();
    let success = true;
    let result: string;
    try {
      result = await runSql(this.catalog, project, sql);
    } catch (err) {
      if (!(err instanceof MaxComputeServerError) || err.code === 'NoSuchProject') throw err;
      success = false;
      result = err.message;
    }
    const stamp = new Date(startMs)
      .toISOString()
      .replace(/[-:T.Z]/g, '')
      .slice(0, 14);
    const record: InstanceRecord = {
      id: `${stamp}${randomBytes(6).toString('hex')}`,
      project,
      taskName,
      startMs,
      endMs: Date.now(),
      success,
      result,
    };
    this.records.set(record.id, record);
    if (this.records.size > MAX_INSTANCES) this.records.delete(this.records.keys().next().value as string);
    return record;
  }

  /** @throws MaxComputeServerError NoSuchInstance. */
  get(project: string, id: string): InstanceRecord {
    const record = this.records.get(id);
    if (record === undefined || record.project !== project) {
      throw new MaxComputeServerError('NoSuchInstance', { message: `The instance '${id}' does not exist.` });
    }
    return record;
  }
}

export const createInstance: Handler = async (context) => {
  const { project } = context.params;
  context.catalog.project(project);
  const body = (await readSmallBody(context)).toString('utf8');
  const sqlTask = firstElementText(body, 'SQL');
  if (sqlTask === undefined) {
    if (firstElementText(body, 'Instance') === undefined) {
      throw new MaxComputeServerError('MalformedXML', { message: 'The body is not an <Instance> document.' });
    }
    throw MaxComputeServerError.notImplemented('An instance without a SQL task');
  }
  const query = firstElementText(body, 'Query');
  if (query === undefined) throw new MaxComputeServerError('MalformedXML', { message: 'The SQL task has no <Query>.' });
  const taskName = firstElementText(body, 'Name')?.trim() || 'AnonymousSQLTask';
  const record = await context.instances.run(project, taskName, query);
  return {
    status: 201,
    headers: {
      location: `${context.origin}/api/projects/${encodeURIComponent(project)}/instances/${record.id}`,
      'content-length': 0,
    },
  };
};

function taskElement(record: InstanceRecord, withResult: boolean) {
  return element(
    'Task',
    [
      element('Name', record.taskName),
      withResult
        ? element('Result', cdata(record.result), { Transform: 'false', Format: 'text' })
        : [
            element('StartTime', httpDate(record.startMs)),
            element('EndTime', httpDate(record.endMs)),
            element('Status', record.success ? 'Success' : 'Failed'),
          ],
    ],
    { Type: 'SQL' },
  );
}

export const getInstance: Handler = async (context: RequestContext): Promise<McResponse> => {
  const record = context.instances.get(context.params.project, context.params.instance);
  const headers = {
    'x-odps-owner': OWNER,
    'x-odps-start-time': httpDate(record.startMs),
    'x-odps-end-time': httpDate(record.endMs),
  };
  if (context.query.has('result')) {
    return xmlResponse(xmlDocument(element('Instance', element('Tasks', taskElement(record, true)))), 200, headers);
  }
  const root = element('Instance', [
    element('Name', record.id),
    element('Owner', OWNER),
    element('StartTime', httpDate(record.startMs)),
    element('EndTime', httpDate(record.endMs)),
    element('Status', 'Terminated'),
    element('Tasks', taskElement(record, false)),
  ]);
  return xmlResponse(xmlDocument(root), 200, headers);
};
