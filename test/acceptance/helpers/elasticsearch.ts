/**
 * Elasticsearch for the acceptance suites: every document of an index (scrolled, so any size), and an isolated
 * second Elasticsearch on a free loopback port with its own run directory, which a suite may stop and start
 * without touching the shared one on 9200.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Client as EsClient } from '@elastic/elasticsearch';
import { resolveStackConfig } from '../../../src/stack/config';
import { ManagedService } from '../../../src/stack/managed-service';
import { freePort } from '../../../src/stack/process';
import { elasticsearchService } from '../../../src/stack/services/elasticsearch';

/** All documents of `index` by `_id`, null fields left out (the model has no nulls). */
export async function allDocuments(es: EsClient, index: string): Promise<Map<string, Record<string, unknown>>> {
  await es.indices.refresh({ index });
  const out = new Map<string, Record<string, unknown>>();
  for await (const page of es.helpers.scrollSearch<Record<string, unknown>>({
    index,
    size: 5000,
    query: { match_all: {} },
  })) {
    for (const hit of page.body.hits.hits) {
      out.set(hit._id!, Object.fromEntries(Object.entries(hit._source ?? {}).filter(([, v]) => v !== null)));
    }
  }
  return out;
}

export interface IsolatedElasticsearch {
  readonly url: string;
  readonly service: ManagedService;
  /** Stops the server (its data stays in the run directory). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its run directory. */
  destroy(): Promise<void>;
}

/** Starts a second single-node Elasticsearch (512 MB heap) on a free loopback port. */
export async function startIsolatedElasticsearch(): Promise<IsolatedElasticsearch> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-acceptance-es-'));
  const port = await freePort();
  const config = resolveStackConfig({ runDir, esPort: port }, { ...process.env, OTSYNC_ES_HEAP: '512m' });
  const service = new ManagedService(elasticsearchService(config));
  const url = `http://${config.host}:${port}`;
  await service.start();
  return {
    url,
    service,
    stop: async () => {
      await service.stop();
    },
    start: async () => {
      await service.start();
    },
    async destroy() {
      await service.stop();
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}
