/**
 * Builds (and caches per worker) the source and sink runtimes of a plan, with credentials resolved here, at run
 * time, from the references in the plan: the datasource registry, or the job's script in the job store. Cached so
 * the HTTP connections of one job are reused from window to window.
 */
import { createHash } from 'node:crypto';
import type { DatasourceCatalog } from '../datasources/catalog';
import { createSecretResolver, type ResolvedCredentials } from '../datasources/resolver';
import type { JobPlan } from '../job/plan-types';
import type { JobStore } from '../jobs/store';
import { defaultPluginFactories } from './default-plugins';
import type { SinkRuntime, SourceRuntime } from './runtime';

export interface PluginFactories {
  source(plan: JobPlan, credentials: ResolvedCredentials): SourceRuntime;
  sink(plan: JobPlan, credentials: ResolvedCredentials): SinkRuntime;
}

interface OpenPlugins {
  readonly source: SourceRuntime;
  readonly sink: SinkRuntime;
}

const cache = new Map<string, OpenPlugins>();

export function openPlugins(
  jobId: string,
  plan: JobPlan,
  deps: { jobStore: JobStore; catalog: DatasourceCatalog; factories?: PluginFactories },
): OpenPlugins {
  const key = `${jobId}:${createHash('sha256').update(JSON.stringify(plan)).digest('hex')}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const script = deps.jobStore.load(jobId);
  const resolver = createSecretResolver({ catalog: deps.catalog, scripts: script === undefined ? [] : [script] });
  const factories = deps.factories ?? defaultPluginFactories;
  const opened = {
    source: factories.source(plan, resolver.resolve(plan.source.connection.credentials)),
    sink: factories.sink(plan, resolver.resolve(plan.sink.connection.credentials)),
  };
  cache.set(key, opened);
  return opened;
}

/** Closes every cached runtime (worker shutdown, tests). */
export async function closeOpenPlugins(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.flatMap((p) => [p.source.close(), p.sink.close()]));
}
