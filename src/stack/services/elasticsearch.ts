import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StackConfig } from '../config';
import { ProvisionError } from '../errors';
import type { ServiceDefinition } from '../managed-service';
import { ensureElasticsearchDist, ES_VERSION, resolveJavaHome } from '../provision/elasticsearch-dist';
import { run } from '../process';
import { spawnSync } from 'node:child_process';

/** Elasticsearch refuses to run as root; under root the stack runs it as this system user. */
export const ES_USER = 'otsync-es';

const isRoot = (): boolean => process.getuid?.() === 0;

function ensureSystemUser(): void {
  if (spawnSync('id', ['-u', ES_USER]).status === 0) return;
  try {
    run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ES_USER], { stdio: 'pipe' });
  } catch (err) {
    throw new ProvisionError('a user for Elasticsearch', (err as Error).message, {
      hint: `Elasticsearch cannot run as root; create a user '${ES_USER}' or run otsync as a normal user.`,
      cause: err,
    });
  }
}

/** Whether the Elasticsearch user can read `readable` and write `writable` (the project may sit under /root). */
function esUserCan(readable: string, writable: string): boolean {
  const probe = spawnSync('setpriv', [
    '--reuid',
    ES_USER,
    '--regid',
    ES_USER,
    '--clear-groups',
    '--',
    'sh',
    '-c',
    'test -r "$1" && test -x "$1" && test -w "$2"',
    'sh',
    readable,
    writable,
  ]);
  return probe.status === 0;
}

function chownTree(dir: string): void {
  run('chown', ['-R', `${ES_USER}:${ES_USER}`, dir], { stdio: 'pipe' });
}

/**
 * One single-node Elasticsearch on loopback with security off (the dev stack never leaves 127.0.0.1), the disk
 * watermarks off (a nearly full laptop disk must not turn indices read-only mid-test) and a heap of at most 1 GB.
 *
 * The configuration directory is generated under the run directory, so the cached distribution stays pristine
 * and several stacks can share it.
 */
export function elasticsearchService(config: StackConfig): ServiceDefinition {
  const { host } = config;
  const { port, heap } = config.elasticsearch;
  const runDir = path.join(config.runDir, 'elasticsearch');
  const url = `http://${host}:${port}`;
  return {
    name: 'elasticsearch',
    host,
    runDir,
    ports: [{ name: 'http', port, option: '--es-port or OTSYNC_ES_PORT' }],
    startTimeoutMs: 180_000,
    endpoints: () => ({ url }),
    async prepare() {
      let dist = await ensureElasticsearchDist(config);
      const javaHome = resolveJavaHome();
      let esDir = runDir;
      fs.mkdirSync(esDir, { recursive: true });
      if (isRoot()) {
        ensureSystemUser();
        chownTree(esDir);
        if (!esUserCan(dist, esDir)) {
          // The project lives where the Elasticsearch user cannot reach (e.g. under /root): use a shared folder.
          const shared = path.join('/var/lib', ES_USER);
          const copy = path.join(shared, `elasticsearch-${ES_VERSION}`);
          if (!fs.existsSync(path.join(copy, '.otsync-complete'))) fs.cpSync(dist, copy, { recursive: true });
          dist = copy;
          esDir = path.join(shared, createHash('sha1').update(runDir).digest('hex').slice(0, 12));
          fs.mkdirSync(esDir, { recursive: true });
        }
      }
      const confDir = path.join(esDir, 'config');
      for (const dir of ['data', 'logs']) fs.mkdirSync(path.join(esDir, dir), { recursive: true });
      writeConfig(dist, confDir, {
        host,
        port,
        heap,
        data: path.join(esDir, 'data'),
        logs: path.join(esDir, 'logs'),
      });
      const tmp = path.join(esDir, 'tmp');
      fs.mkdirSync(tmp, { recursive: true });
      const env: NodeJS.ProcessEnv = { ...process.env, ES_JAVA_HOME: javaHome, ES_PATH_CONF: confDir, ES_TMPDIR: tmp };
      delete env.ES_JAVA_OPTS;
      const esBin = path.join(dist, 'bin', 'elasticsearch');
      if (isRoot()) {
        chownTree(esDir);
        return {
          command: 'setpriv',
          args: ['--reuid', ES_USER, '--regid', ES_USER, '--clear-groups', '--', esBin],
          env,
          cwd: esDir,
          version: ES_VERSION,
        };
      }
      return { command: esBin, args: [], env, cwd: esDir, version: ES_VERSION };
    },
    async healthy() {
      const res = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) return false;
      const body = (await res.json()) as { status?: string };
      return body.status === 'green' || body.status === 'yellow';
    },
  };
}

interface EsSettings {
  host: string;
  port: number;
  heap: string;
  data: string;
  logs: string;
}

function writeConfig(dist: string, confDir: string, s: EsSettings): void {
  fs.mkdirSync(path.join(confDir, 'jvm.options.d'), { recursive: true });
  for (const file of ['log4j2.properties', 'roles.yml', 'role_mapping.yml', 'users', 'users_roles']) {
    const from = path.join(dist, 'config', file);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(confDir, file));
  }
  const jvm = fs
    .readFileSync(path.join(dist, 'config', 'jvm.options'), 'utf8')
    .split('\n')
    .map((line) =>
      line.startsWith('-Xlog:gc')
        ? `-Xlog:gc*:file=${s.logs}/gc.log:utctime,level,pid,tags:filecount=2,filesize=16m`
        : line,
    )
    .join('\n');
  fs.writeFileSync(path.join(confDir, 'jvm.options'), jvm);
  fs.writeFileSync(path.join(confDir, 'jvm.options.d', 'otsync-heap.options'), `-Xms${s.heap}\n-Xmx${s.heap}\n`);
  fs.writeFileSync(
    path.join(confDir, 'elasticsearch.yml'),
    [
      '# Written by otsync stack up; edits are overwritten at the next start.',
      'cluster.name: otsync-local',
      'node.name: otsync-local',
      'discovery.type: single-node',
      `network.host: ${s.host}`,
      `http.port: ${s.port}`,
      `path.data: ${s.data}`,
      `path.logs: ${s.logs}`,
      'xpack.security.enabled: false',
      'cluster.routing.allocation.disk.threshold_enabled: false',
      '',
    ].join('\n'),
  );
}
