import { OtsyncError } from '../common/errors';

/**
 * Thrown when the datasource registry cannot be loaded: the file is unreadable or not JSON, or an entry has an
 * unknown key or a wrong type (the registry is our own format, so unknown keys are errors). Never contains a
 * secret value.
 */
export class DatasourceRegistryError extends OtsyncError {
  /** The registry file or environment variable at fault. */
  readonly source: string;

  constructor(source: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`${source}: ${message}`, options);
    this.source = source;
  }
}

/**
 * Thrown by a `SecretResolver` when a reference cannot be resolved at run time: the datasource is gone from the
 * registry, or the script an inline reference points to is unavailable or changed. Never contains a secret value.
 */
export class SecretResolutionError extends OtsyncError {
  /** What the reference named: a datasource name or a script id. */
  readonly reference: string;

  constructor(reference: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options);
    this.reference = reference;
  }
}
