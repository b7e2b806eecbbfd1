import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { connectClient, temporalTarget } from '../../client';
import { JobStore } from '../../jobs/store';
import { compileJobFile, jobIdFromFile } from '../../scheduling/compile-job';
import { DEFAULT_RETRY, DEFAULT_SCHEDULE, type SyncJobInput, type SyncRunSummary } from '../../sync/job-input';
import { createWorker } from '../../worker';
import { collectParameter, parsePositiveInt, parseTime } from '../options';
import { showProgress } from '../progress';
import { formatSummary, uiLink } from '../render';

interface RunOptions {
  param?: Record<string, string>;
  job?: string;
  start?: string;
  end?: string;
  at?: string;
  tz: string;
  datasources?: string;
  attempts?: number;
  embeddedWorker: boolean;
  taskQueue: string;
}

/**
 * `otsync run <job-file>`: one window now, like DataWorks' "Run": the script's own window (or --start/--end),
 * read → write → checkpoint through the same workflow and activities a schedule uses. With the embedded worker
 * (default) nothing else needs to be running but Temporal and the endpoints.
 */
export function runCommand(): Command {
  return new Command('run')
    .description("run one window of a job now (the script's window, or --start/--end)")
    .argument('<job-file>', 'DataX or DataWorks job script')
    .option('-p, --param <key=value>', 'a script parameter (repeatable)', collectParameter)
    .option('--job <id>', 'job id (default: the file name)')
    .option('--start <time>', 'window start: yyyyMMddHHmmss, epoch ms or ISO 8601')
    .option('--end <time>', 'window end (exclusive)')
    .option('--at <time>', "the run's nominal time for scheduling expressions (yyyyMMddHHmmss; default now)")
    .option('--tz <zone>', 'time zone of times and expressions', 'Asia/Shanghai')
    .option('--datasources <file>', 'datasource registry file')
    .option('--attempts <n>', 'attempts per activity (DataWorks "rerun 3 times" = 4)', parsePositiveInt)
    .option('--no-embedded-worker', 'use running workers instead of one inside this command')
    .option('--task-queue <name>', 'task queue', 'otsync')
    .action(async (file: string, opts: RunOptions) => {
      const nominal = opts.at ? new Date(parseTime(opts.at, opts.tz)) : new Date();
      const compiled = compileJobFile(file, {
        ...(opts.param ? { parameters: opts.param } : {}),
        nominalTime: nominal,
        timeZone: opts.tz,
        ...(opts.datasources ? { datasourcesFile: opts.datasources } : {}),
      });
      for (const w of compiled.warnings) process.stderr.write(`warning: ${w.path} ${w.message}\n`);
      const jobId = opts.job ?? jobIdFromFile(file);
      new JobStore().save(jobId, compiled.scriptText);
      const scriptWindow = compiled.plan.source.config.window;
      const startMs = opts.start ? parseTime(opts.start, opts.tz) : scriptWindow.startMillis;
      const endMs = opts.end ? parseTime(opts.end, opts.tz) : scriptWindow.endMillis;
      const input: SyncJobInput = {
        jobId,
        plan: compiled.plan,
        schedule: DEFAULT_SCHEDULE,
        retry: { ...DEFAULT_RETRY, ...(opts.attempts ? { maximumAttempts: opts.attempts } : {}) },
        nominalTimeOverride: nominal.toISOString(),
        manualWindow: { startMs, endMs },
      };
      const target = temporalTarget();
      const client = await connectClient(target);
      const workflowId = `otsync-${jobId}-run-${randomUUID().slice(0, 8)}`;
      process.stderr.write(
        `running ${jobId}: window [${new Date(startMs).toISOString()}, ${new Date(endMs).toISOString()})\n` +
          `  ${uiLink(target, workflowId)}\n`,
      );
      try {
        const start = async (): Promise<SyncRunSummary> => {
          const handle = await client.workflow.start('syncJobWorkflow', {
            taskQueue: opts.taskQueue,
            workflowId,
            args: [input],
          });
          const result = handle.result() as Promise<SyncRunSummary>;
          await Promise.all([showProgress(handle, result), result.catch(() => undefined)]);
          return result;
        };
        let summary: SyncRunSummary;
        if (opts.embeddedWorker) {
          const { worker, close } = await createWorker({ target, taskQueue: opts.taskQueue });
          summary = await worker.runUntil(start()).finally(close);
        } else {
          summary = await start();
        }
        process.stdout.write(formatSummary(summary) + '\n');
      } finally {
        await client.connection.close();
      }
    });
}
