/**
 * Builds and runs the Tablestore conformance clients: `ots-go-conformance` (official Go SDK) and
 * `ots-java-conformance.jar` (official Java SDK). Each is built once and cached under `cacheDir`, and rebuilt only
 * when its sources change (a SHA-256 of the source files is kept next to the output). Go's module and build caches
 * and Maven's local repository live under `cacheDir` too, so a fresh machine needs only `go`, `mvn`, `java` and
 * network access to the Go module proxy and Maven Central. Nothing is ever written into the source folders.
 *
 *   const cache = DEFAULT_CACHE_DIR; // <repo>/.otsync/tools/conformance (git-ignored)
 *   const [goBin, jar] = await Promise.all([ensureGoClient(cache), ensureJavaClient(cache)]);
 *   const summary = await runClient(goBin, 'write', { OTS_ENDPOINT, OTS_INSTANCE, ..., OTS_TABLE: 'go_t1' });
 *   const records = await runClient(jar, 'read-stream', env); // one object per stream record
 *
 * Output format of the clients: test/conformance/README.md and ./format.ts.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConformanceBuildError, ConformanceClientRunError } from './errors';

/** Where the client sources live. */
export const GO_SOURCE_DIR = path.join(__dirname, 'tablestore-go');
export const JAVA_SOURCE_DIR = path.join(__dirname, 'tablestore-java');

/** The project's git-ignored cache for the built clients and their dependency caches. */
export const DEFAULT_CACHE_DIR = path.resolve(__dirname, '..', '..', '.otsync', 'tools', 'conformance');

/** Bump when the build commands below change, so that cached outputs built the old way are rebuilt. */
const RECIPE_VERSION = '1';

/** Upper bound for a build: a cold Maven build downloads ~15 MB; a cold Go build compiles the SDK. */
const BUILD_TIMEOUT_MS = 20 * 60_000;
/** How long to wait for another process that holds the build lock before giving up. */
const LOCK_WAIT_MS = 25 * 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------------

/**
 * Returns the path of the `ots-go-conformance` binary, building it first if it is missing or its sources changed.
 * Uses `GOPATH`, `GOMODCACHE` and `GOCACHE` under `<cacheDir>/go`, `GOTOOLCHAIN=local`, and `GOPROXY` from the
 * environment, else the Go module proxy alone (no direct VCS access).
 *
 * @throws ConformanceBuildError when `go` is not installed, modules cannot be downloaded, or the build fails.
 */
export async function ensureGoClient(cacheDir: string): Promise<string> {
  const root = path.join(path.resolve(cacheDir), 'go');
  const output = path.join(root, 'bin', 'ots-go-conformance');
  return ensureBuilt({
    client: 'go',
    sourceDir: GO_SOURCE_DIR,
    output,
    lockDir: path.join(root, '.build.lock'),
    build: async () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        GOPATH: path.join(root, 'gopath'),
        GOMODCACHE: path.join(root, 'modcache'),
        GOCACHE: path.join(root, 'build-cache'),
        GOTOOLCHAIN: 'local',
        // -modcacherw keeps the module cache deletable with rm -rf; -mod=readonly never rewrites go.mod/go.sum.
        GOFLAGS: '-modcacherw -mod=readonly -buildvcs=false',
        GOPROXY: process.env.GOPROXY || 'https://proxy.golang.org',
        CGO_ENABLED: '0',
      };
      const tmp = `${output}.tmp-${process.pid}`;
      await fs.mkdir(path.dirname(output), { recursive: true });
      await runBuildCommand('go', 'go', ['build', '-trimpath', '-o', tmp, '.'], GO_SOURCE_DIR, env, {
        missing: 'the Go toolchain (`go`) is not on PATH',
        missingHint: 'install Go 1.21 or newer and put `go` on PATH, then run the tests again.',
        failedHint:
          'if the log mentions the module proxy or a network error, make sure https://proxy.golang.org (or your ' +
          'GOPROXY) is reachable; if it is a compile error, fix test/conformance/tablestore-go; to start from ' +
          `scratch, delete ${root}.`,
      });
      await fs.rename(tmp, output);
    },
  });
}

/**
 * Returns the path of `ots-java-conformance.jar` (run it with `java -jar`), building it first if it is missing or
 * its sources changed. Maven's local repository is `<cacheDir>/java/m2`, its build directory `<cacheDir>/java/build`.
 *
 * @throws ConformanceBuildError when `mvn` is not installed, Maven Central cannot be reached, or the build fails.
 */
export async function ensureJavaClient(cacheDir: string): Promise<string> {
  const root = path.join(path.resolve(cacheDir), 'java');
  const output = path.join(root, 'ots-java-conformance.jar');
  const buildDir = path.join(root, 'build');
  return ensureBuilt({
    client: 'java',
    sourceDir: JAVA_SOURCE_DIR,
    output,
    lockDir: path.join(root, '.build.lock'),
    build: async () => {
      await fs.rm(buildDir, { recursive: true, force: true });
      await fs.mkdir(root, { recursive: true });
      const args = [
        '-B',
        '-q',
        '-Dstyle.color=never',
        `-Dmaven.repo.local=${path.join(root, 'm2')}`,
        `-Dconformance.buildDir=${buildDir}`,
        'package',
      ];
      await runBuildCommand('java', 'mvn', args, JAVA_SOURCE_DIR, process.env, {
        missing: 'Maven (`mvn`) is not on PATH',
        missingHint: 'install Maven 3.6.3 or newer and a JDK 17 or newer (`java` and `mvn` on PATH), then run again.',
        failedHint:
          'if the log mentions downloading artifacts, make sure Maven Central (https://repo.maven.apache.org) is ' +
          'reachable and no ~/.m2/settings.xml mirror points elsewhere; if it is a compile error, fix ' +
          `test/conformance/tablestore-java; to start from scratch, delete ${root}.`,
      });
      const tmp = `${output}.tmp-${process.pid}`;
      await fs.copyFile(path.join(buildDir, 'ots-java-conformance.jar'), tmp);
      await fs.rename(tmp, output);
      await fs.rm(buildDir, { recursive: true, force: true });
    },
  });
}

/** Result of one run of a conformance client. */
export interface ClientExecution {
  /** The exit code, or null when the process was killed (timeout or signal). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a conformance client with raw arguments and returns its exit code and output, whatever they are.
 * A path ending in `.jar` is run with `java -jar`. The child's environment is this process's environment without
 * any inherited `OTS_*` variable, plus `env`, so that a developer's shell cannot leak into a check.
 *
 * @param timeoutMs the client is killed after this long. @default 180000
 */
export async function execClient(
  binOrJar: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs = 180_000,
): Promise<ClientExecution> {
  const childEnv: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OTS_')),
  );
  Object.assign(childEnv, env);
  const [command, argv] = binOrJar.endsWith('.jar') ? ['java', ['-jar', binOrJar, ...args]] : [binOrJar, [...args]];
  const res = await spawnCollect(command, argv, { env: childEnv, timeoutMs });
  if (res.spawnError) {
    throw new ConformanceClientRunError(
      `Could not start ${command} (${res.spawnError.message}); for a jar, \`java\` 17+ must be on PATH.`,
      null,
      '',
      '',
    );
  }
  return { exitCode: res.timedOut ? null : res.exitCode, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Runs `subcommand` (`write`, `read-stream` or `rows`) of a conformance client and parses its output, one JSON
 * value per non-empty line, in order.
 *
 * @param env the `OTS_*` variables (see execClient for what else the child sees).
 * @throws ConformanceClientRunError when the client exits non-zero, times out, or prints a non-JSON line.
 */
export async function runClient(
  binOrJar: string,
  subcommand: string,
  env: Readonly<Record<string, string>>,
  timeoutMs = 180_000,
): Promise<object[]> {
  const res = await execClient(binOrJar, [subcommand], env, timeoutMs);
  const name = path.basename(binOrJar);
  if (res.exitCode !== 0) {
    const why = res.exitCode === null ? `was killed after ${timeoutMs} ms` : `exited with status ${res.exitCode}`;
    throw new ConformanceClientRunError(`${name} ${subcommand} ${why}.`, res.exitCode, res.stdout, res.stderr);
  }
  const lines = res.stdout.split('\n');
  const out: object[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new ConformanceClientRunError(
        `${name} ${subcommand}: stdout line ${i + 1} is not JSON (${(err as Error).message}): ${line.slice(0, 200)}`,
        res.exitCode,
        res.stdout,
        res.stderr,
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ConformanceClientRunError(
        `${name} ${subcommand}: stdout line ${i + 1} is not a JSON object: ${line.slice(0, 200)}`,
        res.exitCode,
        res.stdout,
        res.stderr,
      );
    }
    out.push(value);
  }
  return out;
}

/**
 * SHA-256 over the relative paths and contents of every file under `sourceDir` (sorted; `target/` skipped), plus
 * the build recipe version. Exported for tests.
 */
export async function hashSources(sourceDir: string): Promise<string> {
  const files = (await listFiles(sourceDir)).sort();
  const hash = createHash('sha256').update(`recipe ${RECIPE_VERSION}\0`);
  for (const rel of files) {
    hash.update(`${rel}\0`);
    hash.update(await fs.readFile(path.join(sourceDir, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

// ---------------------------------------------------------------------------------------------------------------
// Cache, lock and build plumbing
// ---------------------------------------------------------------------------------------------------------------

interface BuildSpec {
  readonly client: 'go' | 'java';
  readonly sourceDir: string;
  readonly output: string;
  readonly lockDir: string;
  /** Builds `output` atomically (write elsewhere, then rename). */
  readonly build: () => Promise<void>;
}

async function ensureBuilt(spec: BuildSpec): Promise<string> {
  const marker = `${spec.output}.sha256`;
  const wanted = await hashSources(spec.sourceDir);
  if (await isCurrent(spec.output, marker, wanted)) return spec.output;

  // Test files run in parallel processes: one builds, the others wait for it and then reuse its output.
  const release = await acquireLock(spec.client, spec.lockDir);
  try {
    if (await isCurrent(spec.output, marker, wanted)) return spec.output;
    await fs.rm(marker, { force: true });
    await spec.build();
    await fs.writeFile(marker, `${wanted}\n`);
    return spec.output;
  } finally {
    await release();
  }
}

async function isCurrent(output: string, marker: string, wanted: string): Promise<boolean> {
  try {
    const [recorded] = await Promise.all([fs.readFile(marker, 'utf8'), fs.access(output)]);
    return recorded.trim() === wanted;
  } catch {
    return false;
  }
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name !== 'target') out.push(...(await listFiles(dir, child)));
    } else if (e.isFile()) {
      out.push(child);
    }
  }
  return out;
}

/** A directory lock holding the owner's pid; a lock whose owner is gone is taken over. */
async function acquireLock(client: 'go' | 'java', lockDir: string): Promise<() => Promise<void>> {
  await fs.mkdir(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      await fs.writeFile(path.join(lockDir, 'pid'), String(process.pid));
      return () => fs.rm(lockDir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number((await fs.readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
      await fs.rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new ConformanceBuildError(
        client,
        `another process (pid ${owner || 'unknown'}) has held the build lock ${lockDir} for too long`,
        `wait for that build to finish, or if no build is running, delete ${lockDir}.`,
      );
    }
    await sleep(500);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface BuildHints {
  readonly missing: string;
  readonly missingHint: string;
  readonly failedHint: string;
}

async function runBuildCommand(
  client: 'go' | 'java',
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  hints: BuildHints,
): Promise<void> {
  const res = await spawnCollect(command, args, { cwd, env, timeoutMs: BUILD_TIMEOUT_MS });
  const shown = `\`${command} ${args.join(' ')}\` in ${cwd}`;
  if (res.spawnError) {
    const missing = (res.spawnError as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConformanceBuildError(
      client,
      missing ? hints.missing : `could not start ${shown}: ${res.spawnError.message}`,
      missing ? hints.missingHint : hints.failedHint,
      '',
      res.spawnError,
    );
  }
  if (res.timedOut || res.exitCode !== 0) {
    const tail = `${res.stdout}\n${res.stderr}`.trim().split('\n').slice(-40).join('\n');
    const why = res.timedOut ? `was killed after ${BUILD_TIMEOUT_MS / 60_000} minutes` : `exited with ${res.exitCode}`;
    throw new ConformanceBuildError(client, `${shown} ${why}.`, hints.failedHint, tail);
  }
}

interface Collected {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly spawnError?: Error;
}

function spawnCollect(
  command: string,
  args: readonly string[],
  opts: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Collected> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: Error | undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (e) => {
      spawnError = e;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        ...(spawnError ? { spawnError } : {}),
      });
    });
  });
}
