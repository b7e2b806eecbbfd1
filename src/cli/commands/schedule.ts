import { Command } from 'commander';
import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { OtsyncError } from '../../common/errors';
import { connectClient, temporalTarget } from '../../client';
import { JobStore, checkJobId } from '../../jobs/store';
import { compileJobFile, jobIdFromFile } from '../../scheduling/compile-job';
import { scheduleIdOf, triggerSchedule, upsertSchedule } from '../../scheduling/schedules';
import { DEFAULT_RETRY, DEFAULT_SCHEDULE, type SyncJobInput } from '../../sync/job-input';
import { collectParameter, parseDuration, parsePositiveInt, parseTime } from '../options';

interface CreateOptions {
  param?: Record<string, string>;
  job?: string;
  interval: number;
  lag: number;
  attempts: number;
  retryInterval: number;
  startAt?: string;
  tz: string;
  datasources?: string;
  paused?: boolean;
  pauseOnFailure: boolean;
  maxWindows: number;
  taskQueue: string;
}

async function withClient<T>(fn: (client: Awaited<ReturnType<typeof connectClient>>) => Promise<T>): Promise<T> {
  const client = await connectClient(temporalTarget());
  try {
    return await fn(client);
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) {
      throw new OtsyncError(`no schedule ${err.scheduleId} on the Temporal server`, {
        hint: "'otsync schedule list' shows the jobs that have one; 'otsync schedule create <job-file>' adds one",
        cause: err,
      });
    }
    throw err;
  } finally {
    await client.connection.close();
  }
}

const fmt = (d: Date | undefined): string => (d ? d.toISOString() : '-');

/** `otsync schedule …`: the job's Temporal Schedule (`otsync-<job>`), also operable with `temporal schedule`. */
export function scheduleCommand(): Command {
  const schedule = new Command('schedule').description('create and operate the periodic schedule of a job');

  schedule
    .command('create')
    .description('create (or update) the schedule of a job script')
    .argument('<job-file>', 'DataX or DataWorks job script')
    .option('-p, --param <key=value>', 'a script parameter (repeatable)', collectParameter)
    .option('--job <id>', 'job id (default: the file name)')
    .option(
      '--interval <duration>',
      'how often a run starts, and the window tile',
      parseDuration,
      DEFAULT_SCHEDULE.intervalMs,
    )
    .option(
      '--lag <duration>',
      'windows end this long before the run (DataX: 5m)',
      parseDuration,
      DEFAULT_SCHEDULE.lagMs,
    )
    .option(
      '--attempts <n>',
      'attempts per activity (DataWorks "rerun 3 times" = 4)',
      parsePositiveInt,
      DEFAULT_RETRY.maximumAttempts,
    )
    .option('--retry-interval <duration>', 'pause between attempts', parseDuration, DEFAULT_RETRY.intervalMs)
    .option('--start-at <time>', 'where a new job starts reading (default: one interval before the first run)')
    .option('--tz <zone>', 'time zone of times and expressions', 'Asia/Shanghai')
    .option('--datasources <file>', 'datasource registry file')
    .option(
      '--max-windows <n>',
      'windows one run handles before continuing as new',
      parsePositiveInt,
      DEFAULT_SCHEDULE.maxWindowsPerRun,
    )
    .option('--paused', 'create it paused')
    .option('--no-pause-on-failure', 'keep running after a failed run (default: a failure pauses the schedule)')
    .option('--task-queue <name>', 'task queue of the workers', 'otsync')
    .action(async (file: string, opts: CreateOptions) => {
      const compiled = compileJobFile(file, {
        ...(opts.param ? { parameters: opts.param } : {}),
        nominalTime: new Date(),
        timeZone: opts.tz,
        ...(opts.datasources ? { datasourcesFile: opts.datasources } : {}),
      });
      for (const w of compiled.warnings) process.stderr.write(`warning: ${w.path} ${w.message}\n`);
      const jobId = opts.job ?? jobIdFromFile(file);
      new JobStore().save(jobId, compiled.scriptText);
      const input: SyncJobInput = {
        jobId,
        plan: compiled.plan,
        schedule: { intervalMs: opts.interval, lagMs: opts.lag, maxWindowsPerRun: opts.maxWindows },
        retry: { maximumAttempts: opts.attempts, intervalMs: opts.retryInterval },
        ...(opts.startAt ? { initialStartMs: parseTime(opts.startAt, opts.tz) } : {}),
      };
      await withClient(async (client) => {
        await upsertSchedule(client, input, {
          pauseOnFailure: opts.pauseOnFailure,
          ...(opts.paused ? { paused: true } : {}),
          taskQueue: opts.taskQueue,
        });
      });
      process.stdout.write(
        `schedule ${scheduleIdOf(jobId)}: every ${opts.interval / 1000} s, lag ${opts.lag / 1000} s\n`,
      );
    });

  schedule
    .command('list')
    .description('list otsync schedules')
    .action(() =>
      withClient(async (client) => {
        for await (const s of client.schedule.list()) {
          if (!s.scheduleId.startsWith('otsync-')) continue;
          const next = s.info.nextActionTimes[0];
          process.stdout.write(
            `${s.scheduleId.padEnd(40)} ${s.state.paused ? 'paused ' : 'active '} next ${fmt(next)}\n`,
          );
        }
      }),
    );

  schedule
    .command('describe')
    .argument('<job>', 'job id')
    .description('show a schedule: state, recent and next runs')
    .action((job: string) =>
      withClient(async (client) => {
        const d = await client.schedule.getHandle(scheduleIdOf(checkJobId(job))).describe();
        const lines = [
          `schedule   ${d.scheduleId}`,
          `state      ${d.state.paused ? 'paused' : 'active'}${d.state.note ? ` (${d.state.note})` : ''}`,
          `running    ${d.info.runningActions.map((a) => a.workflow.workflowId).join(', ') || '-'}`,
          `recent     ${d.info.recentActions.map((a) => fmt(a.scheduledAt)).join(', ') || '-'}`,
          `next       ${d.info.nextActionTimes.slice(0, 3).map(fmt).join(', ') || '-'}`,
          `skipped    ${d.info.numActionsSkippedOverlap} overlapping, ${d.info.numActionsMissedCatchupWindow} missed`,
        ];
        process.stdout.write(lines.join('\n') + '\n');
      }),
    );

  schedule
    .command('pause')
    .argument('<job>', 'job id')
    .option('--reason <text>', 'why (shown in the UI)', 'paused with otsync')
    .action((job: string, opts: { reason: string }) =>
      withClient((c) => c.schedule.getHandle(scheduleIdOf(checkJobId(job))).pause(opts.reason)),
    );

  schedule
    .command('resume')
    .argument('<job>', 'job id')
    .action((job: string) =>
      withClient((c) => c.schedule.getHandle(scheduleIdOf(checkJobId(job))).unpause('resumed with otsync')),
    );

  schedule
    .command('trigger')
    .argument('<job>', 'job id')
    .description('start a run now (skipped if one is running)')
    .action((job: string) => withClient((c) => triggerSchedule(c, checkJobId(job))));

  schedule
    .command('backfill')
    .argument('<job>', 'job id')
    .requiredOption('--start <time>', 'first nominal time')
    .requiredOption('--end <time>', 'last nominal time')
    .option('--tz <zone>', 'time zone', 'Asia/Shanghai')
    .description('run the schedule for past nominal times, one after another')
    .action((job: string, opts: { start: string; end: string; tz: string }) =>
      withClient((c) =>
        c.schedule.getHandle(scheduleIdOf(checkJobId(job))).backfill({
          start: new Date(parseTime(opts.start, opts.tz)),
          end: new Date(parseTime(opts.end, opts.tz)),
          // One after another: each run continues from the previous one's committed end.
          overlap: ScheduleOverlapPolicy.BUFFER_ALL,
        }),
      ),
    );

  schedule
    .command('delete')
    .argument('<job>', 'job id')
    .description('delete the schedule (running runs finish; the checkpoint stays)')
    .action((job: string) => withClient((c) => c.schedule.getHandle(scheduleIdOf(checkJobId(job))).delete()));

  return schedule;
}
