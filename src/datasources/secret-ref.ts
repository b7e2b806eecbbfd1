import { createHash } from 'node:crypto';

/**
 * Where a plugin's credentials live. A `JobPlan` holds only this reference, never the keys themselves: the plan
 * is a workflow input and so is stored in Temporal's history. Activities resolve the reference at run time with a
 * `SecretResolver` (see resolver.ts).
 *
 * - `none`: the plugin runs without credentials (an Elasticsearch cluster without security).
 * - `datasource`: the keys of the named entry in the local datasource registry (file or environment).
 * - `inline`: the keys written in the job script itself. `id` is the SHA-256 of the script text, `pointer` the
 *   parameter block holding them and `keys` the key names used there (`accessKey`, or `password` for
 *   Elasticsearch). The resolver re-reads the same script, checks its hash and reads the keys again.
 */
export type SecretRef =
  | { readonly kind: 'none' }
  | { readonly kind: 'datasource'; readonly datasource: string }
  | {
      readonly kind: 'inline';
      readonly id: string;
      readonly path: string;
      readonly pointer: readonly (string | number)[];
      readonly keys: CredentialKeys;
    };

/** Names of the keys that hold each credential in a parameter block. */
export interface CredentialKeys {
  readonly accessId?: string;
  readonly accessKey?: string;
  readonly securityToken?: string;
}

/** `sha256-<hex>` of a script's exact text: how an inline reference names its script. */
export function scriptId(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
