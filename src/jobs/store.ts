/**
 * The job store: where `otsync schedule create` keeps each job's script, so workers can resolve the script's
 * inline credentials at run time. Workflow inputs carry the compiled plan (references only), never the script.
 * Files are private (0600): a script may hold an AccessKey pair.
 *
 * Location: `$OTSYNC_JOBS_DIR`, else `~/.otsync/jobs` (beside the datasource registry). Workers and the CLI must
 * share it (same machine, or a mounted folder).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OtsyncError } from '../common/errors';

/** Job ids name schedules, workflow ids, checkpoint rows and files: keep them to a safe alphabet. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export class JobIdError extends OtsyncError {}

export function checkJobId(jobId: string): string {
  if (!JOB_ID_PATTERN.test(jobId)) {
    throw new JobIdError(`job id "${jobId}" is not valid`, {
      hint: 'use 1–100 letters, digits, "-" or "_", starting with a letter or digit',
    });
  }
  return jobId;
}

export function defaultJobsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.OTSYNC_JOBS_DIR || path.join(os.homedir(), '.otsync', 'jobs');
}

export class JobStore {
  constructor(readonly dir: string = defaultJobsDir()) {}

  #file(jobId: string): string {
    return path.join(this.dir, `${checkJobId(jobId)}.json`);
  }

  /** Saves (or replaces) a job's script text atomically. */
  save(jobId: string, scriptText: string): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.#file(jobId);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, scriptText, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }

  /** The script text, or undefined when the job is not in this store. */
  load(jobId: string): string | undefined {
    try {
      return fs.readFileSync(this.#file(jobId), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  remove(jobId: string): void {
    fs.rmSync(this.#file(jobId), { force: true });
  }
}
