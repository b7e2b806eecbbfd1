import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { OtsyncError } from '../../common/errors';
import { loadDatasourceCatalog } from '../../datasources/catalog';
import { compileJobPlan, type CompiledJob } from '../../job/plan';
import { JobScriptError } from '../../job/errors';
import type { JobIssue } from '../../job/issues';
import { parseAssignments } from '../../job/variables/parameters';
import { DEFAULT_TIME_ZONE, parseNominalTime } from '../../job/variables/run-context';

/** Exit code for an invalid script or invalid options (0 = valid). */
export const EXIT_INVALID = 2;

interface ValidateOptions {
  param: string[];
  at?: string;
  now?: string;
  tz: string;
  retentionHours?: string;
  datasources?: string;
  json?: boolean;
}

function formatIssue(kind: 'error' | 'warning', issue: JobIssue): string {
  const where = [issue.path, issue.line !== undefined ? `line ${issue.line}, column ${issue.column ?? 1}` : '']
    .filter(Boolean)
    .join(' ');
  const head = `${kind}: ${where ? `${where}: ` : ''}${issue.message}`;
  return issue.hint ? `${head}\n  hint: ${issue.hint}` : head;
}

function run(file: string, o: ValidateOptions): { compiled?: CompiledJob; errors: JobIssue[]; warnings: JobIssue[] } {
  try {
    const text = readFileSync(file, 'utf8');
    const datasources = loadDatasourceCatalog(o.datasources === undefined ? {} : { file: o.datasources });
    // Without --at the run is "now"; with it, "now" defaults to the scheduled time (an on-time run).
    const nowSeconds = Math.floor(Date.now() / 1000);
    const at = o.at ?? undefined;
    const nominal = at === undefined ? new Date(nowSeconds * 1000) : at;
    const nowText = o.now ?? at;
    const now = nowText === undefined ? new Date(nowSeconds * 1000) : new Date(parseNominalTime(nowText, o.tz) * 1000);
    const retention = o.retentionHours === undefined ? undefined : Number(o.retentionHours);
    if (retention !== undefined && !(retention > 0)) {
      throw new OtsyncError('--retention-hours must be a positive number');
    }
    const compiled = compileJobPlan(text, {
      parameters: parseAssignments(o.param),
      nominalTime: nominal,
      timeZone: o.tz,
      now,
      datasources,
      ...(retention !== undefined && { streamRetentionHours: retention }),
    });
    return { compiled, errors: [], warnings: [...compiled.warnings] };
  } catch (err) {
    if (err instanceof JobScriptError) return { errors: [...err.issues], warnings: [...err.warnings] };
    if (err instanceof OtsyncError) {
      return {
        errors: [err.hint ? { path: '', message: err.message, hint: err.hint } : { path: '', message: err.message }],
        warnings: [],
      };
    }
    if ((err as NodeJS.ErrnoException).code !== undefined) {
      return { errors: [{ path: '', message: `cannot read ${file}: ${(err as Error).message}` }], warnings: [] };
    }
    throw err;
  }
}

/** `otsync validate <job-file>`: compiles a job script and prints the plan (no secrets) and every problem. */
export function validateCommand(): Command {
  return new Command('validate')
    .description('check a DataX/DataWorks job script and print its plan; exit 0 if valid, 2 if not')
    .argument('<job-file>', 'the job script (JSON with comments)')
    .option(
      '-p, --param <name=value>',
      'a parameter, e.g. startTime=$[yyyymmddhh24miss-10/24/60] (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--at <yyyyMMddHHmmss>', "the run's scheduled time (default: now)")
    .option('--now <yyyyMMddHHmmss>', 'the clock for the 5-minute and retention rules (default: --at, else now)')
    .option('--tz <zone>', 'IANA time zone of the schedule and time strings', DEFAULT_TIME_ZONE)
    .option('--retention-hours <n>', "the data table's stream retention (default: assume 24 h and only warn)")
    .option('--datasources <file>', 'datasource registry (default: $OTSYNC_DATASOURCES or ~/.otsync/datasources.json)')
    .option('--json', 'print one JSON object {valid, errors, warnings, plan}')
    .action((file: string, o: ValidateOptions) => {
      const { compiled, errors, warnings } = run(file, o);
      const valid = compiled !== undefined && errors.length === 0;
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ valid, errors, warnings, plan: compiled?.plan ?? null }, null, 2)}\n`);
      } else {
        if (compiled) {
          const { plan } = compiled;
          process.stdout.write(
            `${file} is valid (${plan.layout}: ${plan.source.pluginName} → ${plan.sink.pluginName})\n`,
          );
          process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
        }
        for (const w of warnings) process.stdout.write(`${formatIssue('warning', w)}\n`);
        for (const e of errors) process.stderr.write(`${formatIssue('error', e)}\n`);
        if (!valid)
          process.stderr.write(`${file} is not valid: ${errors.length} problem${errors.length === 1 ? '' : 's'}\n`);
      }
      if (!valid) process.exitCode = EXIT_INVALID;
    });
}
