/**
 * Workers for the acceptance suites: the real `otsync worker` command as a child process (so it can be killed
 * with SIGKILL and its stdout/stderr scanned), or a worker in the test process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createActivities } from '../../../src/activities';
import { JobStore } from '../../../src/jobs/store';
import { PROJECT_ROOT } from '../../../src/stack/config';
import { createWorker } from '../../../src/worker';
import { temporalAddress, temporalNamespace } from '../../helpers/env';
import { waitFor } from './wait';

export interface ChildWorker {
  readonly pid: number;
  readonly exited: Promise<number | null>;
  /** SIGKILL, then waits until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (the SDK's graceful shutdown), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Every line any child worker printed, for the secret scan. */
export class WorkerLogs {
  readonly chunks: string[] = [];
  get text(): string {
    return this.chunks.join('');
  }
}

export function startChildWorker(options: {
  taskQueue: string;
  jobsDir: string;
  stagingDir: string;
  logs: WorkerLogs;
  env?: NodeJS.ProcessEnv;
}): ChildWorker {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(PROJECT_ROOT, 'bin', 'otsync.cjs'), 'worker', '--task-queue', options.taskQueue],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_NAMESPACE: temporalNamespace(),
        OTSYNC_JOBS_DIR: options.jobsDir,
        OTSYNC_STAGING_DIR: options.stagingDir,
        OTSYNC_LOG_LEVEL: 'info',
        ...options.env,
      },
    },
  );
  child.stdout!.setEncoding('utf8').on('data', (s: string) => options.logs.chunks.push(s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => options.logs.chunks.push(s));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const gone = async (ms: number) =>
    waitFor('the worker process to exit', () => child.exitCode !== null || child.signalCode !== null, {
      timeoutMs: ms,
      intervalMs: 50,
    });
  return {
    pid: child.pid!,
    exited,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await gone(10_000);
    },
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      try {
        await gone(graceMs);
      } catch {
        child.kill('SIGKILL');
        await gone(10_000);
      }
    },
  };
}

/** A worker in the test process, running until `stop()`. */
export async function startInProcessWorker(options: { taskQueue: string; jobsDir: string; stagingDir: string }) {
  const { worker, close } = await createWorker({
    target: { address: temporalAddress(), namespace: temporalNamespace() },
    taskQueue: options.taskQueue,
    activities: createActivities({ stagingRoot: options.stagingDir, jobStore: new JobStore(options.jobsDir) }),
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await close();
    },
  };
}
