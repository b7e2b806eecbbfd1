import type { DatasourceDirectory, PublicDatasource } from '../datasources/catalog';
import type { CredentialKeys, SecretRef } from '../datasources/secret-ref';
import type { PluginSchema } from '../plugins/types';
import { formatPath, type IssueCollector, type JsonPath } from './issues';

/** A parameter block with its credentials taken out and replaced by a reference. */
export interface SplitCredentials {
  /** The block without any credential key, ready for variable expansion and the schema. */
  readonly rest: Record<string, unknown>;
  readonly credentials: SecretRef;
  /** The inline secret values seen, so that messages can be scrubbed of them. */
  readonly secretValues: readonly string[];
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Every key that can hold a credential for this plugin, aliases included. */
export function credentialKeyNames(schema: PluginSchema): string[] {
  const k = schema.credentialKeys;
  return [...k.accessId, ...k.accessKey, ...(k.securityToken ?? [])];
}

/**
 * Takes the credential keys out of a raw (unexpanded) parameter block before anything else reads it, so secrets
 * never reach variable expansion, schemas, messages or the plan. Inline keys become an `inline` reference to the
 * script; otherwise a `datasource` name becomes a `datasource` reference (checked later against the registry).
 * A complete inline pair wins over the datasource (precedence unconfirmed; job-format.md §4).
 */
export function splitCredentials(
  raw: Record<string, unknown>,
  schema: PluginSchema,
  path: JsonPath,
  scriptId: string,
  issues: IssueCollector,
): SplitCredentials {
  const names = new Set(credentialKeyNames(schema));
  const rest = Object.fromEntries(Object.entries(raw).filter(([k]) => !names.has(k)));
  const secretValues: string[] = [];
  const keys: { accessId?: string; accessKey?: string; securityToken?: string } = {};
  for (const role of ['accessId', 'accessKey', 'securityToken'] as const) {
    const key = (schema.credentialKeys[role] ?? []).find((k) => !blank(raw[k]));
    if (key === undefined) continue;
    const value = raw[key];
    if (typeof value !== 'string' && typeof value !== 'number') {
      issues.error([...path, key], 'must be a string');
      continue;
    }
    const text = String(value);
    if (role !== 'accessId') secretValues.push(text);
    if (/\$[[{]/.test(text)) {
      issues.error([...path, key], 'variables are not expanded in credentials', 'put the keys in a datasource instead');
      continue;
    }
    keys[role] = key;
  }
  const datasourceNamed = !blank(raw.datasource);
  if ('datasource' in raw && !datasourceNamed && keys.accessId === undefined && keys.accessKey === undefined) {
    // The DataWorks template's `"datasource": ""`: one error there says it all; the connection keys it would
    // supply are not reported one by one.
    issues.error(
      [...path, 'datasource'],
      'must not be empty',
      'name a registered datasource, or write the connection keys (endpoint, accessId, accessKey, …) instead',
    );
    suppressConnectionKeys(schema, path, issues);
    return { rest, credentials: { kind: 'none' }, secretValues };
  }
  const pair = keys.accessId !== undefined && keys.accessKey !== undefined;
  if (pair) {
    const ref: SecretRef = {
      kind: 'inline',
      id: scriptId,
      path: formatPath(path),
      pointer: [...path],
      keys: keys as CredentialKeys,
    };
    return { rest, credentials: ref, secretValues };
  }
  const lone = keys.accessId ?? keys.accessKey;
  if (lone !== undefined && datasourceNamed) {
    issues.warn([...path, lone], `${lone} alone is ignored; the datasource supplies the AccessKey pair`);
  } else if (lone !== undefined || (schema.credentialsRequired && !datasourceNamed)) {
    for (const role of ['accessId', 'accessKey'] as const) {
      if (keys[role] === undefined && (schema.credentialsRequired || lone !== undefined)) {
        const key = schema.credentialKeys[role][0] ?? role;
        issues.error(
          [...path, key],
          key in raw ? 'must not be empty' : 'is required',
          'give the AccessKey pair, or set "datasource" to a registered datasource',
        );
      }
    }
  }
  return {
    rest,
    credentials: datasourceNamed ? { kind: 'datasource', datasource: '' } : { kind: 'none' },
    secretValues,
  };
}

/** Silences "is required" errors for the keys a datasource would have supplied (its own error was reported). */
function suppressConnectionKeys(schema: PluginSchema, path: JsonPath, issues: IssueCollector): void {
  for (const key of [...credentialKeyNames(schema), ...Object.values(schema.datasourceFields)])
    issues.suppressBelow([...path, key]);
}

/**
 * Resolves `datasource` (already variable-expanded) through the registry's public view: reports unknown names,
 * template placeholders (`$srcDatasource`) and type mismatches; fills connection keys the script left blank from
 * the entry (explicit keys win). Returns the block without `datasource`.
 */
export function applyDatasource(
  expanded: Record<string, unknown>,
  schema: PluginSchema,
  path: JsonPath,
  directory: DatasourceDirectory | undefined,
  credentials: SecretRef,
  issues: IssueCollector,
): { parameter: Record<string, unknown>; datasource: PublicDatasource | undefined; credentials: SecretRef } {
  const { datasource: name, ...parameter } = expanded;
  if (blank(name)) return { parameter, datasource: undefined, credentials };
  const at = [...path, 'datasource'];
  if (typeof name !== 'string') {
    issues.error(at, 'must be a string');
    return { parameter, datasource: undefined, credentials };
  }
  const trimmed = name.trim();
  if (trimmed.startsWith('$')) {
    issues.error(at, `"${trimmed}" is a template placeholder`, 'replace it with the name of a registered datasource');
    suppressConnectionKeys(schema, path, issues);
    return { parameter, datasource: undefined, credentials };
  }
  const entry = directory?.describe(trimmed);
  if (!entry) {
    issues.error(
      at,
      `datasource "${trimmed}" is not in the datasource registry`,
      `add it to ~/.otsync/datasources.json (or --datasources <file>), or set OTSYNC_DATASOURCE_<NAME>_* variables; or write the connection keys in the parameter block`,
    );
    suppressConnectionKeys(schema, path, issues);
    return { parameter, datasource: undefined, credentials };
  }
  if (entry.type !== undefined && entry.type !== schema.datasourceType) {
    issues.error(
      at,
      `datasource "${trimmed}" is a ${entry.type} datasource; this plugin needs ${schema.datasourceType}`,
    );
  }
  for (const [field, key] of Object.entries(schema.datasourceFields)) {
    const value = entry[field as keyof PublicDatasource];
    if (blank(parameter[key]) && typeof value === 'string') parameter[key] = value;
  }
  let resolved = credentials;
  if (credentials.kind === 'datasource') {
    resolved = { kind: 'datasource', datasource: trimmed };
    if (!entry.hasCredentials && schema.credentialsRequired) {
      issues.error(
        at,
        `datasource "${trimmed}" has no AccessKey pair`,
        'add accessId and accessKey to its registry entry',
      );
    } else if (!entry.hasCredentials) {
      resolved = { kind: 'none' };
    }
  }
  return { parameter, datasource: entry, credentials: resolved };
}
