/**
 * The project's test command (`npm test`): static checks, then every test file under test/ with Node's built-in
 * runner. Integration tests need the real Temporal dev server, Elasticsearch and the local Tablestore, OSS and
 * MaxCompute servers: the runner reuses a running stack (or the services named by TEMPORAL_ADDRESS, ELASTICSEARCH_URL,
 * TABLESTORE_ENDPOINT, OSS_ENDPOINT and MAXCOMPUTE_ENDPOINT), otherwise starts one and stops what it started.
 * A service that cannot be provisioned fails the run loudly; nothing is skipped.
 *
 *   npm test                      # everything
 *   npm test -- test/unit         # only files under a path (or whose path contains the text)
 *   npm test -- --unit-only       # no server needed: unit, replay and emulator tests
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, resolveStackConfig } from '../src/stack/config';
import { resolveTemporalCli, resolveTestServer } from '../src/stack/provision/temporal-cli';
import {
  localMaxComputeCredentials,
  maxcomputeEndpoint,
  maxcomputeTunnelEndpoint,
} from '../src/stack/services/maxcompute';
import { localOssCredentials } from '../src/stack/services/oss';
import { localTablestoreCredentials } from '../src/stack/services/tablestore';
import { stackDown, stackStatus, stackUp, type ServiceName } from '../src/stack/stack';

const NEEDS_STACK = ['test/integration/', 'test/acceptance/'];

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? findTests(path.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : [],
    )
    .sort();
}

function step(title: string, command: string, args: string[], env = process.env): boolean {
  process.stdout.write(`\n▶ ${title}\n`);
  const res = spawnSync(command, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'], env });
  return res.status === 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const unitOnly = argv.includes('--unit-only');
  const skipChecks = argv.includes('--no-checks');
  const filters = argv.filter((a) => !a.startsWith('--'));
  // Long acceptance suites (faults, scale) run last, so quick failures show first.
  const late = (f: string) => (f.startsWith('test/acceptance/') ? 1 : 0);
  let files = findTests(path.join(PROJECT_ROOT, 'test'))
    .map((f) => path.relative(PROJECT_ROOT, f))
    .sort((a, b) => late(a) - late(b) || a.localeCompare(b));
  if (filters.length > 0) files = files.filter((f) => filters.some((flt) => f.includes(flt.replace(/^\.\//, ''))));
  if (unitOnly) files = files.filter((f) => !NEEDS_STACK.some((p) => f.startsWith(p)));
  if (files.length === 0) {
    process.stderr.write('error: no test files match.\n');
    return 1;
  }

  const bin = (name: string): string => path.join(PROJECT_ROOT, 'node_modules', '.bin', name);
  if (!skipChecks) {
    if (!step('typecheck (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])) return 1;
    if (!step('lint (eslint)', bin('eslint'), ['.'])) return 1;
  }

  const config = resolveStackConfig();
  const env: NodeJS.ProcessEnv = { ...process.env, OTSYNC_LOG_LEVEL: process.env.OTSYNC_LOG_LEVEL ?? 'warn' };
  let started: ServiceName[] = [];
  const needsStack = files.some((f) => NEEDS_STACK.some((p) => f.startsWith(p)));
  try {
    // Tests that use the time-skipping server or the CLI get explicit paths: the SDK's own download cannot work here.
    env.TEMPORAL_CLI_PATH ??= resolveTemporalCli(config);
    env.TEMPORAL_TEST_SERVER_PATH ??= resolveTestServer(config);
    if (
      needsStack &&
      !(
        process.env.TEMPORAL_ADDRESS &&
        process.env.ELASTICSEARCH_URL &&
        process.env.TABLESTORE_ENDPOINT &&
        process.env.OSS_ENDPOINT &&
        process.env.MAXCOMPUTE_ENDPOINT
      )
    ) {
      const statuses = await stackStatus(config);
      if (!statuses.every((s) => s.state === 'running')) {
        process.stdout.write('\n▶ starting the local stack for integration tests\n');
        const up = await stackUp(config);
        started = up.filter((s) => s.startedNow).map((s) => s.status.name as ServiceName);
      }
      env.TEMPORAL_ADDRESS = `${config.host}:${config.temporal.port}`;
      env.TEMPORAL_NAMESPACE = config.temporal.namespace;
      env.ELASTICSEARCH_URL = `http://${config.host}:${config.elasticsearch.port}`;
      const ots = localTablestoreCredentials(config);
      env.TABLESTORE_ENDPOINT = `http://${config.host}:${config.tablestore.port}`;
      env.TABLESTORE_INSTANCE = config.tablestore.instance;
      env.TABLESTORE_ACCESS_KEY_ID = ots.accessKeyId;
      env.TABLESTORE_ACCESS_KEY_SECRET = ots.accessKeySecret;
      const oss = localOssCredentials(config);
      env.OSS_ENDPOINT = `http://${config.host}:${config.oss.port}`;
      env.OSS_BUCKET = config.oss.bucket;
      env.OSS_ACCESS_KEY_ID = oss.accessKeyId;
      env.OSS_ACCESS_KEY_SECRET = oss.accessKeySecret;
      env.OSS_REGION = config.oss.region;
      const odps = localMaxComputeCredentials(config);
      env.MAXCOMPUTE_ENDPOINT = maxcomputeEndpoint(config);
      env.MAXCOMPUTE_TUNNEL_ENDPOINT = maxcomputeTunnelEndpoint(config);
      env.MAXCOMPUTE_PROJECT = config.maxcompute.project;
      env.MAXCOMPUTE_ACCESS_KEY_ID = odps.accessKeyId;
      env.MAXCOMPUTE_ACCESS_KEY_SECRET = odps.accessKeySecret;
    }
    const ok = step(
      `tests (${files.length} files)`,
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './test/helpers/setup.cjs',
        '--test',
        '--test-concurrency=1',
        '--test-timeout=900000',
        ...files,
      ],
      env,
    );
    return ok ? 0 : 1;
  } finally {
    if (started.length > 0 && !process.env.OTSYNC_KEEP_STACK) {
      process.stdout.write(`\n▶ stopping what the tests started: ${started.join(', ')}\n`);
      await stackDown(config, started);
    }
  }
}
