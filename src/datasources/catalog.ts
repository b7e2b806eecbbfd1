import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DatasourceRegistryError } from './errors';

/** The kinds of datasource otsync's plugins use. */
export const DATASOURCE_TYPES = ['tablestore', 'oss', 'elasticsearch', 'maxcompute'] as const;
export type DatasourceType = (typeof DATASOURCE_TYPES)[number];

/** The non-secret view of a datasource, which is all that plan compilation ever sees. */
export interface PublicDatasource {
  readonly name: string;
  readonly type?: DatasourceType;
  readonly endpoint?: string;
  readonly instanceName?: string;
  readonly bucket?: string;
  readonly project?: string;
  readonly tunnelServer?: string;
  /** Whether the entry holds an AccessKey pair (or username and password). */
  readonly hasCredentials: boolean;
}

/** Looks datasources up by name without exposing secrets; what `compileJobPlan` takes. */
export interface DatasourceDirectory {
  describe(name: string): PublicDatasource | undefined;
}

/** Credentials read from a registry entry. */
export interface EntryCredentials {
  readonly accessId?: string;
  readonly accessKey?: string;
  readonly securityToken?: string;
}

const text = z.string().trim().min(1, { error: 'must not be empty' });
// Our own format, so strict: a misspelt key is an error rather than a silently missing credential.
const entrySchema = z.strictObject({
  type: z.enum([...DATASOURCE_TYPES, 'ots', 'odps']).optional(),
  endpoint: text.optional(),
  instanceName: text.optional(),
  bucket: text.optional(),
  project: text.optional(),
  tunnelServer: text.optional(),
  accessId: text.optional(),
  accessKey: text.optional(),
  securityToken: text.optional(),
  username: text.optional(),
  password: text.optional(),
  description: z.string().optional(),
});
const fileSchema = z.strictObject({ datasources: z.record(z.string().min(1), entrySchema) });
type Entry = z.infer<typeof entrySchema>;

const ENV_PREFIX = 'OTSYNC_DATASOURCE_';
// Longest suffix first, so INSTANCE_NAME is not read as NAME.
const ENV_FIELDS: readonly [string, keyof Entry][] = [
  ['INSTANCE_NAME', 'instanceName'],
  ['TUNNEL_SERVER', 'tunnelServer'],
  ['SECURITY_TOKEN', 'securityToken'],
  ['ACCESS_ID', 'accessId'],
  ['ACCESS_KEY', 'accessKey'],
  ['ENDPOINT', 'endpoint'],
  ['USERNAME', 'username'],
  ['PASSWORD', 'password'],
  ['BUCKET', 'bucket'],
  ['PROJECT', 'project'],
  ['TYPE', 'type'],
];

/** The key a datasource name gets in environment variables: upper case, other characters as `_`. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * The local datasource registry: entries from a JSON file overlaid, field by field, by environment variables
 * `OTSYNC_DATASOURCE_<NAME>_<FIELD>` (for example `OTSYNC_DATASOURCE_MY_OTS_ACCESS_KEY`). Secrets leave it only
 * through {@link DatasourceCatalog.credentials}, which only the run-time secret resolver calls.
 */
export class DatasourceCatalog implements DatasourceDirectory {
  private readonly fileEntries: ReadonlyMap<string, Entry>;
  private readonly envEntries: ReadonlyMap<string, Entry>;

  constructor(fileEntries: ReadonlyMap<string, Entry>, envEntries: ReadonlyMap<string, Entry>) {
    this.fileEntries = fileEntries;
    this.envEntries = envEntries;
  }

  describe(name: string): PublicDatasource | undefined {
    const e = this.entry(name);
    if (!e) return undefined;
    const type = e.type === 'ots' ? 'tablestore' : e.type === 'odps' ? 'maxcompute' : e.type;
    return {
      name,
      ...(type && { type }),
      ...(e.endpoint && { endpoint: e.endpoint }),
      ...(e.instanceName && { instanceName: e.instanceName }),
      ...(e.bucket && { bucket: e.bucket }),
      ...(e.project && { project: e.project }),
      ...(e.tunnelServer && { tunnelServer: e.tunnelServer }),
      hasCredentials: Boolean((e.accessId ?? e.username) && (e.accessKey ?? e.password)),
    };
  }

  /** The entry's secrets; for the run-time resolver only. */
  credentials(name: string): EntryCredentials | undefined {
    const e = this.entry(name);
    if (!e) return undefined;
    const accessId = e.accessId ?? e.username;
    const accessKey = e.accessKey ?? e.password;
    return {
      ...(accessId && { accessId }),
      ...(accessKey && { accessKey }),
      ...(e.securityToken && { securityToken: e.securityToken }),
    };
  }

  private entry(name: string): Entry | undefined {
    const fromFile = this.fileEntries.get(name);
    const fromEnv = this.envEntries.get(envName(name));
    if (!fromFile && !fromEnv) return undefined;
    return { ...fromFile, ...fromEnv };
  }
}

/** Where the registry file is: `option`, else `$OTSYNC_DATASOURCES`, else `~/.otsync/datasources.json`. */
export function datasourceFilePath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? env.OTSYNC_DATASOURCES ?? path.join(os.homedir(), '.otsync', 'datasources.json');
}

/**
 * Loads the registry. A missing file is fine unless it was named explicitly (option or `$OTSYNC_DATASOURCES`).
 * Throws {@link DatasourceRegistryError} for an unreadable or invalid file or environment value; messages name the
 * entry and key, never a value.
 */
export function loadDatasourceCatalog(options: { file?: string; env?: NodeJS.ProcessEnv } = {}): DatasourceCatalog {
  const env = options.env ?? process.env;
  const file = datasourceFilePath(options.file, env);
  const explicit = options.file !== undefined || env.OTSYNC_DATASOURCES !== undefined;
  return new DatasourceCatalog(readFileEntries(file, explicit), readEnvEntries(env));
}

function readFileEntries(file: string, explicit: boolean): Map<string, Entry> {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new DatasourceRegistryError(file, 'cannot read the datasource registry', { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new DatasourceRegistryError(file, 'is not valid JSON', { hint: 'the registry is {"datasources": {...}}' });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.map(String).join('.') : '';
    throw new DatasourceRegistryError(file, `${where ? `${where}: ` : ''}${first?.message ?? 'invalid'}`, {
      hint: 'entries may hold type, endpoint, instanceName, bucket, project, tunnelServer, accessId, accessKey, securityToken, username, password, description',
    });
  }
  return new Map(Object.entries(parsed.data.datasources));
}

function readEnvEntries(env: NodeJS.ProcessEnv): Map<string, Entry> {
  const raw = new Map<string, Record<string, string>>();
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(ENV_PREFIX) || value === undefined) continue;
    const rest = key.slice(ENV_PREFIX.length);
    const field = ENV_FIELDS.find(([suffix]) => rest.endsWith(`_${suffix}`));
    if (!field) continue;
    const name = rest.slice(0, rest.length - field[0].length - 1);
    if (!name) continue;
    raw.set(name, { ...raw.get(name), [field[1]]: value });
  }
  const out = new Map<string, Entry>();
  for (const [name, fields] of raw) {
    const parsed = entrySchema.safeParse(fields);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new DatasourceRegistryError(
        `${ENV_PREFIX}${name}_*`,
        `${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`,
      );
    }
    out.set(name, parsed.data);
  }
  return out;
}
