/**
 * The REST (`/api/...`) and Tunnel (root) operations this server answers, one handler each (model: jamhall/s3rver,
 * lib/routes.js), chosen from the method, the path shape and the flags in the query (spec 3, 4, 6). Three-tier
 * paths (`/projects/{p}/schemas/{s}/tables/{t}`) address the same tables. Paths this server does not know are
 * answered 404 NoSuchObject (pyodps tolerates that on its optional start-up calls, spec 3.4); a known resource
 * asked for an operation this server lacks is 501 NotImplemented, never a silent success.
 */
import { MaxComputeServerError } from './errors';
import type { Handler } from './handlers/context';
import { createDownload, getDownloadStatus, readDownload } from './handlers/download';
import { createInstance, getInstance } from './handlers/instances';
import { getLogviewHost, getProject, getTenants, getTunnelEndpoint } from './handlers/project';
import { getPartition, getTable, listPartitions } from './handlers/table';
import { commitUpload, createUpload, getUploadStatus, uploadBlock } from './handlers/upload';
import type { QueryParams } from './request-url';

export interface Route {
  /** The API operation name (used by fault injection and logs). */
  operation: string;
  handler: Handler;
  params: { project: string; table: string; instance: string };
}

const NO_PARAMS = { project: '', table: '', instance: '' };

function notFound(what: string): Handler {
  return () =>
    Promise.reject(
      new MaxComputeServerError('NoSuchObject', {
        message: `${what} is not a resource of the local MaxCompute server.`,
      }),
    );
}

function notImplemented(what: string): Handler {
  return () => Promise.reject(MaxComputeServerError.notImplemented(what));
}

/** `projects/{p}/tables/{t}` or `projects/{p}/schemas/{s}/tables/{t}`: project and table, else undefined. */
function tablePath(segments: readonly string[]): { project: string; table: string } | undefined {
  if (segments[0] !== 'projects') return undefined;
  if (segments.length === 4 && segments[2] === 'tables') return { project: segments[1]!, table: segments[3]! };
  if (segments.length === 6 && segments[2] === 'schemas' && segments[4] === 'tables') {
    return { project: segments[1]!, table: segments[5]! };
  }
  return undefined;
}

function restRoute(method: string, segments: readonly string[], query: QueryParams): Route {
  const route = (operation: string, handler: Handler, params: Partial<Route['params']> = {}): Route => ({
    operation,
    handler,
    params: { ...NO_PARAMS, ...params },
  });
  const path = `/api/${segments.join('/')}`;
  if (method === 'GET' && segments.join('/') === 'logview/host') return route('GetLogviewHost', getLogviewHost);
  if (method === 'GET' && segments.length === 1 && segments[0] === 'tenants') return route('GetTenants', getTenants);
  const table = tablePath(segments);
  if (table !== undefined) {
    if (method !== 'GET') return route(`${method} table`, notImplemented(`${method} ${path}`), table);
    if (query.has('partitions')) return route('ListPartitions', listPartitions, table);
    if (query.has('partition')) return route('GetPartition', getPartition, table);
    return route('GetTable', getTable, table);
  }
  if (segments[0] === 'projects' && segments.length >= 2) {
    const project = segments[1]!;
    const rest = segments.slice(2);
    if (rest.length === 0 && method === 'GET') return route('GetProject', getProject, { project });
    if (rest.length === 1 && rest[0] === 'tunnel' && method === 'GET') {
      return route('GetTunnelEndpoint', getTunnelEndpoint, { project });
    }
    if (rest.length === 1 && rest[0] === 'instances' && method === 'POST') {
      return route('CreateInstance', createInstance, { project });
    }
    if (rest.length === 2 && rest[0] === 'instances' && method === 'GET') {
      return route('GetInstance', getInstance, { project, instance: rest[1]! });
    }
  }
  return route(`${method} ${path}`, notFound(`${method} ${path}`));
}

function tunnelRoute(method: string, segments: readonly string[], query: QueryParams): Route {
  const path = `/${segments.join('/')}`;
  const table = tablePath(segments);
  const route = (operation: string, handler: Handler): Route => ({
    operation,
    handler,
    params: { ...NO_PARAMS, ...table },
  });
  if (table === undefined) return route(`${method} ${path}`, notFound(`${method} ${path}`));
  if (method === 'POST' && query.has('uploads')) return route('CreateUpload', createUpload);
  if (method === 'POST' && query.has('downloads')) return route('CreateDownload', createDownload);
  if (method === 'POST' && query.has('uploadid')) return route('Commit', commitUpload);
  if (method === 'PUT' && query.has('uploadid')) return route('UploadBlock', uploadBlock);
  if (method === 'GET' && query.has('downloadid') && query.has('data')) return route('ReadDownload', readDownload);
  if (method === 'GET' && query.has('downloadid')) return route('GetDownloadStatus', getDownloadStatus);
  if (method === 'GET' && query.has('uploadid')) return route('GetUploadStatus', getUploadStatus);
  return route(`${method} tunnel table`, notImplemented(`${method} ${path} with these parameters`));
}

/** The operation a request names. */
export function routeRequest(rest: boolean, method: string, segments: readonly string[], query: QueryParams): Route {
  return rest ? restRoute(method, segments, query) : tunnelRoute(method, segments, query);
}
