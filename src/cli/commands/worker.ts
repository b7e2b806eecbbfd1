import { Command } from 'commander';
import { runWorker } from '../../worker';
import { temporalTarget } from '../../client';

/** `otsync worker`: runs a worker for sync workflows and activities until Ctrl-C. */
export function workerCommand(): Command {
  return new Command('worker')
    .description('run a worker for otsync workflows and activities (until Ctrl-C)')
    .option('--task-queue <name>', 'task queue to poll', 'otsync')
    .action(async (opts: { taskQueue: string }) => {
      const target = temporalTarget();
      process.stderr.write(`worker polling "${opts.taskQueue}" on ${target.address} (namespace ${target.namespace})\n`);
      await runWorker({ target, taskQueue: opts.taskQueue });
    });
}
