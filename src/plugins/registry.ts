import { elasticsearchSchema } from './sinks/elasticsearch/schema';
import { maxComputeSchema } from './sinks/maxcompute/schema';
import { ossSchema } from './sinks/oss/schema';
import { tablestoreStreamSchema } from './sources/tablestore-stream/schema';
import type { PluginId, PluginSchema } from './types';

/** Every plugin schema, by id. */
export const PLUGIN_SCHEMAS: Readonly<Record<PluginId, PluginSchema>> = {
  'tablestore-stream': tablestoreStreamSchema as PluginSchema,
  elasticsearch: elasticsearchSchema as PluginSchema,
  oss: ossSchema as PluginSchema,
  maxcompute: maxComputeSchema as PluginSchema,
};

const BY_NAME = new Map<string, PluginSchema>(
  Object.values(PLUGIN_SCHEMAS).flatMap((s) => [
    [s.id, s],
    [s.dataxName, s],
    [s.dataworksName, s],
  ]),
);

/**
 * Finds a plugin schema by our id (`tablestore-stream`), its DataX name (`otsstreamreader`) or its DataWorks name
 * (`otsstream`), ignoring letter case. Returns undefined for plugins otsync does not have.
 */
export function findPluginSchema(name: string): PluginSchema | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** Names accepted for a role, for error hints: `otsstream (otsstreamreader)`. */
export function pluginNames(role: 'source' | 'sink'): string[] {
  return Object.values(PLUGIN_SCHEMAS)
    .filter((s) => s.role === role)
    .map((s) => `${s.dataworksName} (${s.dataxName})`);
}
