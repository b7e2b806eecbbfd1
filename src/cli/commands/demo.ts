import { Command } from 'commander';
import { OtsyncError } from '../../common/errors';
import { DEMO_NAME_PATTERN, runDemo } from '../../demo';
import { resolveStackConfig } from '../../stack/config';
import { stackUp } from '../../stack/stack';
import { parseDuration, parsePositiveInt } from '../options';
import { formatStatus } from './stack';

interface DemoCommandOptions {
  name: string;
  interval: number;
  lag: number;
  duration?: number;
  rate: number;
  taskQueue: string;
}

/**
 * The README's first command: brings up the local stack, then runs the main job — a Tablestore table with a stream
 * kept in step with an Elasticsearch index by a scheduled DataWorks job script — until Ctrl-C or `--duration`.
 * With `--duration` it also checks, at the end, that the index equals the table (exit 1 if not).
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description('run the main job on the local stack: Tablestore → Elasticsearch, scheduled on Temporal')
    .option('--name <name>', 'job id; names the schedule, table and index', 'demo')
    .option(
      '--interval <duration>',
      'schedule interval (shortened for the demo; the default is 5m)',
      parseDuration,
      10_000,
    )
    .option('--lag <duration>', 'windows end this long before the run (default for jobs: 5m)', parseDuration, 2_000)
    .option(
      '--duration <duration>',
      'stop after this long, let the index catch up and compare it with the table',
      parseDuration,
    )
    .option('--rate <n>', 'changes written per second', parsePositiveInt, 50)
    .option('--task-queue <name>', 'task queue of the in-process worker', 'otsync-demo')
    .action(async (opts: DemoCommandOptions) => {
      if (!DEMO_NAME_PATTERN.test(opts.name)) {
        throw new OtsyncError(`demo name "${opts.name}" is not valid`, { hint: 'use 1–40 of a-z, 0-9, "_" or "-"' });
      }
      const config = resolveStackConfig();
      process.stderr.write('Starting the local stack (the first run installs the Temporal CLI and Elasticsearch)…\n');
      const started = await stackUp(config);
      process.stdout.write(formatStatus(started.map((s) => s.status)) + '\n');
      const result = await runDemo(config, {
        name: opts.name,
        intervalMs: opts.interval,
        lagMs: opts.lag,
        ratePerSecond: opts.rate,
        taskQueue: opts.taskQueue,
        ...(opts.duration !== undefined ? { durationMs: opts.duration } : {}),
      });
      if (result.comparison && !result.comparison.equal) process.exitCode = 1;
    });
}
