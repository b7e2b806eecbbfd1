/**
 * The Python side of the conformance checks: one project-local virtual environment with the official OSS SDK
 * (`oss2`), the official MaxCompute SDK (`pyodps`) and `pyarrow`, so tests can drive the local OSS and MaxCompute
 * servers with Alibaba's own Python clients and read back Parquet files with an independent reader.
 *
 *   const python = ensureConformancePython(); // <repo>/.otsync/tools/conformance/python/bin/python
 *   spawnSync(python, [OSS2_CONFORMANCE_SCRIPT], { env: { OSS_ENDPOINT, ... } });
 *   spawnSync(python, [PYODPS_CONFORMANCE_SCRIPT, 'read', 'table', 'pt=x'], { env: { MAXCOMPUTE_ENDPOINT, ... } });
 *
 * Installed once with `ensureVenv` (a marker file records the pins; a changed pin reinstalls). Test files run in
 * parallel processes, so the install happens under a directory lock: one process installs, the others wait and reuse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProvisionError } from '../../src/stack/errors';
import { isAlive } from '../../src/stack/process';
import { ensureVenv } from '../../src/stack/provision/python-venv';
import { DEFAULT_CACHE_DIR } from './build-clients';

/** Where the venv lives (git-ignored). */
export const CONFORMANCE_VENV_DIR = path.join(DEFAULT_CACHE_DIR, 'python');

/**
 * The pinned packages. oss2 2.19.1 and pyodps 0.13.2 are the newest releases on PyPI (`pip index versions`); pyodps
 * ships compiled wheels for CPython 3.11 and needs only `requests` and `pyarrow` (pandas only for TIMESTAMP and
 * interval columns, which the conformance tables avoid); pyarrow 26.0.1 is the newest with a wheel for the CPython
 * 3.11 here and satisfies pyodps. Change a pin here and the next run reinstalls.
 */
export const CONFORMANCE_PYTHON_REQUIREMENTS: readonly string[] = ['oss2==2.19.1', 'pyarrow==26.0.1', 'pyodps==0.13.2'];

/** The oss2 workload: `python oss2_conformance.py` with the `OSS_*` variables (see its docstring). */
export const OSS2_CONFORMANCE_SCRIPT = path.join(__dirname, 'oss2', 'oss2_conformance.py');

/**
 * The pyodps workload: `python pyodps_conformance.py workload | read TABLE [PARTITION] | write-rows TABLE N` with
 * the `MAXCOMPUTE_*` variables (see its docstring).
 */
export const PYODPS_CONFORMANCE_SCRIPT = path.join(__dirname, 'pyodps', 'pyodps_conformance.py');

/** A cold install downloads ~45 MB of wheels; a waiting process gives up after this long. */
const LOCK_WAIT_MS = 15 * 60_000;

/**
 * Returns the path of the conformance venv's `python`, creating the venv and installing the pins first if needed.
 *
 * @throws ProvisionError when python3 (with venv) is missing, PyPI cannot be reached, or another process has held
 *   the install lock for too long.
 */
export function ensureConformancePython(venvDir = CONFORMANCE_VENV_DIR): string {
  const release = acquireLockSync(`${venvDir}.lock`);
  try {
    return path.join(ensureVenv(venvDir, CONFORMANCE_PYTHON_REQUIREMENTS), 'python');
  } finally {
    release();
  }
}

/** A directory lock holding the owner's pid; a lock whose owner is gone is taken over (as in build-clients.ts). */
function acquireLockSync(lockDir: string): () => void {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8').trim());
    } catch {
      /* the owner has not written its pid yet, or just released the lock */
    }
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new ProvisionError('the conformance Python venv', `another process holds the lock ${lockDir}`, {
        hint: `wait for pid ${owner || 'unknown'} to finish installing, or if none is running, delete ${lockDir}.`,
      });
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
}
