/**
 * `npm run bench`: runs every benchmark in its own process, pinned to one core where `taskset` exists so numbers
 * compare across machines with different core counts. Each benchmark reports ratios against a baseline it runs in
 * the same process; tests never assert on wall-clock times.
 *
 *   npm run bench                 # all
 *   npm run bench -- tablestore   # those whose file name contains the text
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { which } from '../src/stack/process';

const BENCHMARKS = ['bench-tablestore-stream.ts', 'bench-pipeline.ts', 'bench-oss.ts', 'bench-maxcompute.ts'];

export async function main(argv: readonly string[]): Promise<number> {
  const filters = argv.filter((a) => !a.startsWith('--'));
  const selected = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.includes(f)));
  const taskset = which('taskset');
  let failed = 0;
  for (const bench of selected) {
    process.stdout.write(`\n▶ ${bench}${taskset ? ' (pinned to core 0)' : ''}\n`);
    const node = [process.execPath, '--import', 'tsx', path.join(__dirname, bench)];
    const [command, ...args] = taskset ? [taskset, '-c', '0', ...node] : node;
    const res = spawnSync(command!, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: path.join(__dirname, '..') });
    if (res.status !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}
