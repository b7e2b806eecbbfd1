/**
 * Named connections ("datasources") and the secret references that keep credentials out of job plans.
 *
 * Compilation sees only {@link DatasourceDirectory} (no secrets); activities resolve a plan's {@link SecretRef}
 * at run time with {@link createSecretResolver}.
 *
 * @example
 * const catalog = loadDatasourceCatalog();            // ~/.otsync/datasources.json + OTSYNC_DATASOURCE_* env
 * const { plan } = compileJobPlan(text, { datasources: catalog, nominalTime: '20240315100500' });
 * // …later, inside an activity:
 * const keys = createSecretResolver({ catalog, scripts: [text] }).resolve(plan.source.connection.credentials);
 */
export {
  DatasourceCatalog,
  loadDatasourceCatalog,
  datasourceFilePath,
  envName,
  DATASOURCE_TYPES,
  type DatasourceType,
  type DatasourceDirectory,
  type PublicDatasource,
  type EntryCredentials,
} from './catalog';
export { createSecretResolver, ResolvedCredentials, type SecretResolver, type SecretResolverOptions } from './resolver';
export { scriptId, type SecretRef, type CredentialKeys } from './secret-ref';
export { DatasourceRegistryError, SecretResolutionError } from './errors';
