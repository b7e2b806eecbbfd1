import { JobScriptError } from '../../../src/job/errors';
import type { JobIssue } from '../../../src/job/issues';
import { compileJobPlan, type CompileJobPlanOptions } from '../../../src/job/plan';
import type { JobPlan } from '../../../src/job/plan-types';

/** A reader parameter block that compiles: row mode, a 5-minute time-string window on 2024-03-15. */
export const READER: Record<string, unknown> = {
  endpoint: 'https://ins.cn-hangzhou.ots.aliyuncs.com',
  accessId: 'LTAI5tReaderId',
  accessKey: 'ReaderSecretValue0001',
  instanceName: 'ins',
  dataTable: 'person',
  statusTable: 'TableStoreStreamReaderStatusTable',
  startTimeString: '20240315095500',
  endTimeString: '20240315100000',
  mode: 'single_version_and_update_only',
  column: [{ name: 'uid' }, { name: 'name' }],
};

/** Writer blocks that compile, one per sink, matching {@link READER}'s two columns. */
export const WRITERS: Record<
  'elasticsearch' | 'oss' | 'maxcompute',
  { name: string; parameter: Record<string, unknown> }
> = {
  elasticsearch: {
    name: 'elasticsearchwriter',
    parameter: {
      endpoint: 'http://localhost:9200',
      index: 'person',
      actionType: 'update',
      column: [
        { name: 'uid', type: 'id' },
        { name: 'name', type: 'text' },
      ],
    },
  },
  oss: {
    name: 'osswriter',
    parameter: {
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
      accessId: 'LTAI5tOssId',
      accessKey: 'OssSecretValue0002',
      bucket: 'backup',
      object: 'ots/person/${startTime}',
      writeMode: 'append',
      fileFormat: 'csv',
    },
  },
  maxcompute: {
    name: 'odpswriter',
    parameter: {
      odpsServer: 'http://service.cn-shanghai.maxcompute.aliyun.com/api',
      accessId: 'LTAI5tOdpsId',
      accessKey: 'OdpsSecretValue0003',
      project: 'p',
      table: 'person',
      partition: 'pt=20240314',
      column: ['uid', 'name'],
      truncate: false,
    },
  },
};

/** A DataX script with the given reader parameters, writer and setting. */
export function dataxScript(
  reader: Record<string, unknown> = READER,
  writer: { name: string; parameter: Record<string, unknown> } = WRITERS.elasticsearch,
  setting: Record<string, unknown> = { speed: { channel: 1 } },
): string {
  return JSON.stringify(
    { job: { setting, content: [{ reader: { name: 'otsstreamreader', parameter: reader }, writer }] } },
    null,
    2,
  );
}

/** The result of compiling, with the error list instead of an exception. */
export interface Outcome {
  readonly plan?: JobPlan;
  readonly errors: readonly JobIssue[];
  readonly warnings: readonly JobIssue[];
}

/** Compiles and catches {@link JobScriptError}; any other exception propagates (it is a bug). */
export function compile(text: string, options: CompileJobPlanOptions = {}): Outcome {
  try {
    const { plan, warnings } = compileJobPlan(text, options);
    return { plan, errors: [], warnings };
  } catch (err) {
    if (err instanceof JobScriptError) return { errors: err.issues, warnings: err.warnings };
    throw err;
  }
}

/** `path: message` lines, for compact assertions. */
export function lines(issues: readonly JobIssue[]): string[] {
  return issues.map((i) => `${i.path}: ${i.message}`);
}

/** The reader parameter path in {@link dataxScript}. */
export const R = 'job.content[0].reader.parameter';
/** The writer parameter path in {@link dataxScript}. */
export const W = 'job.content[0].writer.parameter';
