import { OtsyncError } from '../common/errors';

/** Thrown when a service's port is already taken by another process before the stack starts it. */
export class PortInUseError extends OtsyncError {
  constructor(
    readonly service: string,
    readonly host: string,
    readonly port: number,
    readonly option: string,
  ) {
    super(`${service} cannot start: port ${port} on ${host} is already in use by another process.`, {
      hint: `Stop whatever listens on ${host}:${port}, or pick another port with ${option}.`,
    });
  }
}

/** Thrown when a tool the stack needs (Python, Maven, Java, the Temporal CLI, …) cannot be installed or found. */
export class ProvisionError extends OtsyncError {
  constructor(
    readonly tool: string,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(`Could not provision ${tool}: ${message}`, options);
  }
}

/** Thrown when a started service exits or does not become healthy in time. */
export class ServiceStartError extends OtsyncError {
  constructor(
    readonly service: string,
    message: string,
    readonly logFile: string,
    logTail: string,
  ) {
    super(`${service} did not start: ${message}\n--- last lines of ${logFile} ---\n${logTail}`, {
      hint: `Read ${logFile} for the full log; 'otsync stack down' cleans up before a retry.`,
    });
  }
}
