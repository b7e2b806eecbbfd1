import fs from 'node:fs';
import path from 'node:path';
import { ServiceStartError, PortInUseError } from './errors';
import { isAlive, isPortFree, readState, spawnDaemon, stopDaemon, tail, waitFor, writeState } from './process';

/** How `otsync stack status` describes one service. */
export interface ServiceStatus {
  readonly name: string;
  /**
   * `running`: started by otsync and answering; `unhealthy`: its process lives but does not answer;
   * `stopped`: not running; `external`: something not started by otsync answers on its port.
   */
  readonly state: 'running' | 'unhealthy' | 'stopped' | 'external';
  readonly detail: string;
  readonly endpoints: Readonly<Record<string, string>>;
  readonly pid?: number;
}

/** A port the service binds, with the option that moves it (for the "port in use" message). */
export interface PortSpec {
  readonly name: string;
  readonly port: number;
  readonly option: string;
}

/** What one kind of server must tell the generic daemon lifecycle below. */
export interface ServiceDefinition {
  readonly name: string;
  readonly host: string;
  readonly runDir: string;
  readonly ports: readonly PortSpec[];
  readonly startTimeoutMs: number;
  endpoints(): Record<string, string>;
  /** Installs what is missing and returns the command line to start the server. */
  prepare(): Promise<{ command: string; args: string[]; env: NodeJS.ProcessEnv; cwd: string; version: string }>;
  healthy(): Promise<boolean>;
  /** One-off configuration once the server answers (retention, …); must be idempotent. */
  afterStart?(): Promise<void>;
}

/**
 * The lifecycle every local server shares: a state file with the pid, a detached process group, a log file,
 * a health probe, and no hang anywhere (a port taken fails at once, a dying server fails with its log tail).
 */
export class ManagedService {
  constructor(readonly def: ServiceDefinition) {}

  get stateFile(): string {
    return path.join(this.def.runDir, 'state.json');
  }

  get logFile(): string {
    return path.join(this.def.runDir, 'server.log');
  }

  /** Starts the server unless it already runs; resolves once it answers. Returns false if it was already up. */
  async start(): Promise<boolean> {
    const state = readState(this.stateFile);
    if (state && isAlive(state.pid)) {
      const outcome = await waitFor(() => this.def.healthy(), {
        timeoutMs: this.def.startTimeoutMs,
        alive: () => isAlive(state.pid),
      });
      if (outcome === 'ready') return false;
      throw new ServiceStartError(
        this.def.name,
        `its process ${state.pid} runs but does not answer`,
        this.logFile,
        tail(this.logFile),
      );
    }
    for (const spec of this.def.ports) {
      if (!(await isPortFree(this.def.host, spec.port))) {
        throw new PortInUseError(this.def.name, this.def.host, spec.port, spec.option);
      }
    }
    const launch = await this.def.prepare();
    fs.mkdirSync(this.def.runDir, { recursive: true });
    fs.appendFileSync(this.logFile, `\n=== otsync starting ${this.def.name} at ${new Date().toISOString()} ===\n`);
    const pid = spawnDaemon(launch.command, launch.args, { cwd: launch.cwd, env: launch.env, logFile: this.logFile });
    writeState(this.stateFile, {
      pid,
      startedAt: new Date().toISOString(),
      ports: Object.fromEntries(this.def.ports.map((p) => [p.name, p.port])),
      version: launch.version,
    });
    const outcome = await waitFor(() => this.def.healthy(), {
      timeoutMs: this.def.startTimeoutMs,
      alive: () => isAlive(pid),
    });
    if (outcome !== 'ready') {
      await this.stop();
      const why = outcome === 'exited' ? 'the process exited' : `no answer within ${this.def.startTimeoutMs / 1000} s`;
      throw new ServiceStartError(this.def.name, why, this.logFile, tail(this.logFile));
    }
    await this.def.afterStart?.();
    return true;
  }

  /** Stops the server if otsync started it. Returns false if there was nothing to stop. */
  async stop(): Promise<boolean> {
    const state = readState(this.stateFile);
    if (!state) return false;
    const wasAlive = isAlive(state.pid);
    if (wasAlive) await stopDaemon(state.pid);
    fs.rmSync(this.stateFile, { force: true });
    return wasAlive;
  }

  async status(): Promise<ServiceStatus> {
    const base = { name: this.def.name, endpoints: this.def.endpoints() };
    const state = readState(this.stateFile);
    if (state && isAlive(state.pid)) {
      return (await this.def.healthy().catch(() => false))
        ? { ...base, state: 'running', pid: state.pid, detail: `running (pid ${state.pid}, since ${state.startedAt})` }
        : { ...base, state: 'unhealthy', pid: state.pid, detail: `process ${state.pid} is alive but does not answer` };
    }
    if (await this.def.healthy().catch(() => false)) {
      return { ...base, state: 'external', detail: 'answering, but not started by this otsync stack' };
    }
    if (state) {
      return {
        ...base,
        state: 'stopped',
        detail: `stopped: process ${state.pid} is gone (it was not stopped with 'otsync stack down')`,
      };
    }
    return { ...base, state: 'stopped', detail: 'stopped' };
  }
}
