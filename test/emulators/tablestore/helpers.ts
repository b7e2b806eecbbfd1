/**
 * Shared by the Tablestore server tests: start servers on port 0 with a test AccessKey, sign raw requests with the
 * `src/tablestore` codecs, and close every server when the test file ends (model: jamhall/s3rver, test/helpers.js).
 */
import { after } from 'node:test';
import {
  buildRequestHeaders,
  decodeErrorResponse,
  messages,
  OPERATIONS,
  type MessageCodec,
  type OperationName,
  type TablestoreError,
} from '../../../src/tablestore';
import {
  createTablestoreServer,
  type TablestoreServer,
  type TablestoreServerOptions,
} from '../../../src/emulators/tablestore';

import { TEST_CREDENTIALS, TEST_INSTANCE } from './credentials';

export { TEST_CREDENTIALS, TEST_INSTANCE };

const servers = new Set<TablestoreServer>();

after(async () => {
  await Promise.all([...servers].map((s) => s.close()));
  servers.clear();
});

/** Starts a server that is closed when the test file ends. */
export async function startServer(options: Partial<TablestoreServerOptions> = {}): Promise<TablestoreServer> {
  const server = await createTablestoreServer({
    credentials: TEST_CREDENTIALS,
    instanceName: TEST_INSTANCE,
    ...options,
  });
  servers.add(server);
  return server;
}

/** Closes a server early (e.g. to restart it) and forgets it. */
export async function stopServer(server: TablestoreServer): Promise<void> {
  servers.delete(server);
  await server.close();
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** POSTs `body` to `/<action>` with signed headers (overridable), returning the raw answer. */
export async function rawCall(
  server: TablestoreServer,
  action: string,
  body: Uint8Array,
  options: {
    headers?: Record<string, string>;
    credentials?: typeof TEST_CREDENTIALS;
    instanceName?: string;
    method?: string;
  } = {},
): Promise<RawResponse> {
  const headers = {
    ...buildRequestHeaders({
      action,
      body,
      instanceName: options.instanceName ?? server.instanceName,
      credentials: options.credentials ?? TEST_CREDENTIALS,
    }),
    ...options.headers,
  };
  const init: RequestInit = { method: options.method ?? 'POST', headers };
  if ((options.method ?? 'POST') === 'POST') init.body = body;
  const res = await fetch(`${server.url}/${action}`, init);
  return { status: res.status, headers: res.headers, body: new Uint8Array(await res.arrayBuffer()) };
}

type RequestOf<Op extends OperationName> = Parameters<
  (typeof messages)[(typeof OPERATIONS)[Op]['request']]['encode']
>[0];
type ResponseOf<Op extends OperationName> = ReturnType<
  (typeof messages)[(typeof OPERATIONS)[Op]['response']]['decode']
>;

/** A typed API call through the `src/tablestore` codecs; rejects with the decoded TablestoreError. */
export async function call<Op extends OperationName>(
  server: TablestoreServer,
  action: Op,
  request: RequestOf<Op>,
): Promise<ResponseOf<Op>> {
  const reqCodec = messages[OPERATIONS[action].request] as MessageCodec<unknown>;
  const resCodec = messages[OPERATIONS[action].response] as MessageCodec<unknown>;
  const res = await rawCall(server, action, reqCodec.encode(request));
  if (res.status !== 200) throw errorOf(res);
  return resCodec.decode(res.body) as ResponseOf<Op>;
}

export function errorOf(res: RawResponse): TablestoreError {
  const requestId = res.headers.get('x-ots-requestid');
  return decodeErrorResponse({ httpStatus: res.status, body: res.body, ...(requestId === null ? {} : { requestId }) });
}

/** Env for the conformance clients against `server`. */
export function conformanceEnv(server: TablestoreServer, table: string, extra: Record<string, string> = {}) {
  return {
    OTS_ENDPOINT: server.url,
    OTS_INSTANCE: server.instanceName,
    OTS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    OTS_ACCESS_KEY_SECRET: TEST_CREDENTIALS.accessKeySecret,
    OTS_TABLE: table,
    ...extra,
  };
}
