import { inspect } from 'node:util';
import { readJobScript } from '../job/read-script';
import type { DatasourceCatalog } from './catalog';
import { SecretResolutionError } from './errors';
import { scriptId, type SecretRef } from './secret-ref';

/**
 * Credentials resolved at run time. They print as `[redacted]` (`JSON.stringify`, `console.log`, template strings)
 * so a careless log line cannot leak them; read the fields explicitly to use them.
 */
export class ResolvedCredentials {
  readonly #accessId: string | undefined;
  readonly #accessKey: string | undefined;
  readonly #securityToken: string | undefined;

  constructor(values: { accessId?: string; accessKey?: string; securityToken?: string }) {
    this.#accessId = values.accessId;
    this.#accessKey = values.accessKey;
    this.#securityToken = values.securityToken;
  }

  get accessId(): string | undefined {
    return this.#accessId;
  }
  get accessKey(): string | undefined {
    return this.#accessKey;
  }
  get securityToken(): string | undefined {
    return this.#securityToken;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'ResolvedCredentials [redacted]';
  }
}

/** Turns a plan's {@link SecretRef} into credentials, inside an activity, at run time. */
export interface SecretResolver {
  resolve(ref: SecretRef): ResolvedCredentials;
}

/** What a resolver can read: the registry, and the job scripts the worker was given (by text). */
export interface SecretResolverOptions {
  readonly catalog?: DatasourceCatalog;
  /** Script texts the worker may resolve inline references from; each is found by its SHA-256 id. */
  readonly scripts?: readonly string[];
}

/**
 * Builds the run-time resolver. Throws {@link SecretResolutionError} from `resolve` when a datasource is missing or
 * lacks keys, or when no known script has the referenced hash (the script changed after the plan was compiled).
 */
export function createSecretResolver(options: SecretResolverOptions): SecretResolver {
  const scripts = new Map((options.scripts ?? []).map((text) => [scriptId(text), text]));
  return {
    resolve(ref) {
      switch (ref.kind) {
        case 'none':
          return new ResolvedCredentials({});
        case 'datasource': {
          const found = options.catalog?.credentials(ref.datasource);
          if (!found) {
            throw new SecretResolutionError(ref.datasource, `datasource "${ref.datasource}" is not in the registry`, {
              hint: 'add it to ~/.otsync/datasources.json or set OTSYNC_DATASOURCE_<NAME>_* variables on the worker',
            });
          }
          return new ResolvedCredentials(found);
        }
        case 'inline': {
          const text = scripts.get(ref.id);
          if (text === undefined) {
            throw new SecretResolutionError(
              ref.id,
              `the job script ${ref.id.slice(0, 19)}… is not available to resolve ${ref.path}`,
              {
                hint: 'give the worker the same job script the plan was compiled from (it may have been edited since)',
              },
            );
          }
          const read = readJobScript(text);
          let block: unknown = read.document?.value;
          for (const segment of ref.pointer) {
            block =
              block !== null && typeof block === 'object' ? (block as Record<string, unknown>)[segment] : undefined;
          }
          const pick = (key: string | undefined) => {
            const v =
              key === undefined || block === null || typeof block !== 'object'
                ? undefined
                : (block as Record<string, unknown>)[key];
            return typeof v === 'string' || typeof v === 'number' ? String(v).trim() || undefined : undefined;
          };
          const accessId = pick(ref.keys.accessId);
          const accessKey = pick(ref.keys.accessKey);
          const securityToken = pick(ref.keys.securityToken);
          return new ResolvedCredentials({
            ...(accessId && { accessId }),
            ...(accessKey && { accessKey }),
            ...(securityToken && { securityToken }),
          });
        }
      }
    },
  };
}
