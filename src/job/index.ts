/**
 * Job scripts → one validated, typed {@link JobPlan}. Accepts DataX (`job.content[]`), DataWorks 1.0
 * (`configuration`) and 2.0 (`steps` + `order.hops`) scripts, with comments, variables and DataWorks scheduling
 * expressions. Nothing downstream sees raw JSON.
 *
 * @example
 * const { plan, warnings } = compileJobPlan(readFileSync('job.json', 'utf8'), {
 *   parameters: { startTime: '$[yyyymmddhh24miss-10/24/60]', endTime: '$[yyyymmddhh24miss-5/24/60]' },
 *   nominalTime: '20240315100500',
 *   timeZone: 'Asia/Shanghai',
 *   datasources: loadDatasourceCatalog(),
 * });
 */
export { compileJobPlan, type CompileJobPlanOptions, type CompiledJob } from './plan';
export type { JobPlan, SourcePlan, SinkPlan } from './plan-types';
export type { JobLayout, NormalizedJob, PluginBlock } from './envelope';
export type { CompiledJobSetting } from './setting-schema';
export { JobScriptError, JobOptionError, ScheduleExpressionError } from './errors';
export { readJobScript, type ScriptDocument, type ReadResult } from './read-script';
export { normalizeEnvelope } from './envelope';
export { formatPath, type JobIssue, type JsonPath } from './issues';
