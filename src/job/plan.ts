import { DateTime } from 'luxon';
import type { DatasourceDirectory } from '../datasources/catalog';
import { scriptId as hashScript } from '../datasources/secret-ref';
import { findPluginSchema, pluginNames } from '../plugins/registry';
import type { PluginSchema } from '../plugins/types';
import { applyDatasource, splitCredentials } from './connection';
import { crossCheck } from './cross-checks';
import { normalizeEnvelope, type PluginBlock } from './envelope';
import { JobScriptError } from './errors';
import { expandValue, referencedNames } from './expand-values';
import { IssueCollector, type JobIssue } from './issues';
import type { JobPlan, SinkPlan, SourcePlan } from './plan-types';
import { readJobScript } from './read-script';
import { compileSetting } from './setting-schema';
import { evaluateParameters } from './variables/parameters';
import { createRunContext, type RunIds } from './variables/run-context';
import type { VariableScope } from './variables/template';

/** Options of {@link compileJobPlan}. Compilation is pure: everything it needs from outside comes in here. */
export interface CompileJobPlanOptions {
  /** Parameter assignments (`startTime` → `$[yyyymmddhh24miss-10/24/60]` or `20230423175000`). */
  readonly parameters?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /** The run's scheduled time `T`: a Date or `yyyyMMddHHmmss` in `timeZone`. Needed by scheduling expressions. */
  readonly nominalTime?: Date | string;
  /** IANA zone for scheduling expressions and time strings. @default "Asia/Shanghai" */
  readonly timeZone?: string;
  /** "Now" for the 5-minute and retention rules; they are not checked without it. */
  readonly now?: Date;
  /** The data table's stream retention, when known; otherwise a 24 h default gives a warning, not an error. */
  readonly streamRetentionHours?: number;
  /** Public view of the datasource registry, for `datasource` names. */
  readonly datasources?: DatasourceDirectory;
  /** Ids for `$jobid`, `$nodeid`, `$taskid`. */
  readonly runIds?: RunIds;
}

/** A compiled plan and the warnings found on the way. */
export interface CompiledJob {
  readonly plan: JobPlan;
  readonly warnings: readonly JobIssue[];
}

const WINDOW_KEYS = ['startTimeString', 'endTimeString', 'startTimestampMillis', 'endTimestampMillis'];

interface Shared {
  readonly issues: IssueCollector;
  readonly scope: VariableScope;
  readonly used: Set<string>;
  readonly secrets: string[];
  readonly scriptId: string;
  readonly options: CompileJobPlanOptions;
  readonly perRun: Set<string>;
}

function compileBlock(block: PluginBlock, role: 'source' | 'sink', s: Shared) {
  const schema: PluginSchema | undefined = findPluginSchema(block.name);
  if (!schema || schema.role !== role) {
    const what = role === 'source' ? 'reader' : 'writer';
    s.issues.error(
      block.namePath,
      `${what} plugin "${block.name}" is not supported${schema ? ` as a ${what}` : ''}`,
      `otsync ${role === 'source' ? 'reads with' : 'writes with'} ${pluginNames(role).join(', ')}`,
    );
    return undefined;
  }
  const path = block.parameterPath;
  const split = splitCredentials(block.parameter, schema, path, s.scriptId, s.issues);
  s.secrets.push(...split.secretValues);
  const expanded = expandValue(split.rest, path, s.scope, s.issues, s.used) as Record<string, unknown>;
  const ds = applyDatasource(expanded, schema, path, s.options.datasources, split.credentials, s.issues);
  const raw = block.parameter;
  const compiled = schema.compile(ds.parameter, {
    path,
    issues: s.issues,
    datasource: ds.datasource,
    credentials: ds.credentials,
    timeZone: s.scope.run.timeZone,
    nowMs: s.options.now?.getTime(),
    streamRetentionHours: s.options.streamRetentionHours,
    variesWithinDay: (key) => {
      const text = raw[key];
      if (typeof text !== 'string') return false;
      if (/\$\[[^\]]*(hh24|mi|ss)[^\]]*\]|cyctime/i.test(text)) return true;
      return referencedNames(text).some((n) => s.perRun.has(n));
    },
  });
  return compiled && { plugin: schema.id, pluginName: block.name, ...compiled };
}

/**
 * Compiles a DataX / DataWorks job script into a validated {@link JobPlan}: reads the tolerant JSON, normalises
 * the layout, expands variables and scheduling expressions against the run, validates every plugin parameter and
 * the settings, and resolves `datasource` names to references. Pure: no I/O, no clock.
 *
 * @throws {JobScriptError} listing every problem (path, message, hint, line) when the script cannot run.
 * @throws {JobOptionError} when an option is invalid (unknown time zone, malformed nominal time).
 */
export function compileJobPlan(source: string, options: CompileJobPlanOptions = {}): CompiledJob {
  const run = createRunContext({ nominal: options.nominalTime, timeZone: options.timeZone, ids: options.runIds });
  const issues = new IssueCollector();
  const read = readJobScript(source);
  issues.addFound(read.errors, read.warnings);
  const assignments =
    options.parameters instanceof Map ? options.parameters : new Map(Object.entries(options.parameters ?? {}));
  const params = evaluateParameters(assignments, run);
  for (const p of params.problems) issues.error(`-p ${p.name}`, p.message, p.hint);
  const secrets: string[] = [];
  const scrub = (text: string) => secrets.filter((v) => v.length >= 4).reduce((t, v) => t.split(v).join('***'), text);
  const fail = (): never => {
    throw new JobScriptError(
      issues.errors(read.document?.locate, scrub),
      issues.warnings(read.document?.locate, scrub),
    );
  };
  if (!read.document) return fail();
  const job = normalizeEnvelope(read.document.value, issues);
  if (!job) return fail();

  const perRun = new Set(params.varyWithinDay);
  for (const key of WINDOW_KEYS) referencedNames(job.reader.parameter[key]).forEach((n) => perRun.add(n));
  const scope: VariableScope = { run, parameters: params.values };
  const shared: Shared = { issues, scope, used: new Set(), secrets, scriptId: hashScript(source), options, perRun };
  const sourcePlan = compileBlock(job.reader, 'source', shared) as SourcePlan | undefined;
  const sinkPlan = compileBlock(job.writer, 'sink', shared) as SinkPlan | undefined;
  const settingValue = expandValue(job.setting, job.settingPath, scope, issues, shared.used) as Record<string, unknown>;
  const setting = compileSetting(settingValue, job.settingPath, issues);
  if (sourcePlan && sinkPlan)
    crossCheck(sourcePlan, sinkPlan, job.reader.parameterPath, job.writer.parameterPath, issues);
  for (const name of assignments.keys()) {
    if (!shared.used.has(name)) issues.warn(`-p ${name}`, `parameter "${name}" is not used by the script`);
  }
  if (issues.hasErrors || !sourcePlan || !sinkPlan || !setting) return fail();
  const t = run.nominalEpochSeconds;
  const plan: JobPlan = {
    planVersion: 1,
    layout: job.layout,
    scriptId: shared.scriptId,
    run: {
      timeZone: run.timeZone,
      ...(t !== undefined && { nominalTime: DateTime.fromSeconds(t, { zone: run.timeZone }).toISO() ?? undefined }),
      parameters: Object.fromEntries([...params.values].filter(([k]) => shared.used.has(k))),
    },
    source: sourcePlan,
    sink: sinkPlan,
    setting,
  };
  return { plan, warnings: issues.warnings(read.document.locate, scrub) };
}
