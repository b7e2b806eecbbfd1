import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** What `otsync stack up` records about a service it started, in `<runDir>/<service>/state.json`. */
export interface ServiceState {
  readonly pid: number;
  readonly startedAt: string;
  readonly ports: Record<string, number>;
  readonly version: string;
}

export function readState(file: string): ServiceState | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ServiceState;
  } catch {
    return undefined;
  }
}

export function writeState(file: string, state: ServiceState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(state, null, 2) + '\n');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user (Elasticsearch runs as its own user under root).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves true when nothing listens on host:port, by briefly binding it ourselves. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS considers free right now (for isolated test stacks). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a long-running server detached in its own process group, with stdout and stderr appended to `logFile`,
 * so that it outlives the CLI that started it and can be stopped as a group (Elasticsearch forks a second JVM).
 */
export function spawnDaemon(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): number {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const fd = fs.openSync(options.logFile, 'a');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
    child.unref();
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}

/** Sends SIGTERM to the daemon's process group, waits up to `graceMs`, then SIGKILLs what is left. */
export async function stopDaemon(pid: number, graceMs = 30_000): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        /* already gone */
      }
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) signalGroup('SIGKILL');
  while (isAlive(pid)) await sleep(100);
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

/** Runs a command to completion with inherited stderr; returns its stdout or throws with what it printed. */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = `${String(result.stdout ?? '')}${String(result.stderr ?? '')}`.trim().split('\n').slice(-20);
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${output.join('\n')}`);
  }
  return String(result.stdout ?? '');
}

/** Finds an executable on PATH, like `command -v`. */
export function which(name: string, env = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** Polls `check` until it resolves true, `alive` turns false, or `timeoutMs` passes. */
export async function waitFor(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; alive?: () => boolean },
): Promise<'ready' | 'exited' | 'timeout'> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.alive && !options.alive()) return 'exited';
    if (await check().catch(() => false)) return 'ready';
    if (Date.now() > deadline) return 'timeout';
    await sleep(options.intervalMs ?? 500);
  }
}
