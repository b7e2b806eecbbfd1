// A scripted Tablestore endpoint for the client's unit tests: 127.0.0.1, port 0, one handler per test. It
// authenticates every request with `authenticateRequest` from src/tablestore (the check the local server makes), so
// each test also proves the client's request signatures. Not an emulator: it answers what the test scripts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  authenticateRequest,
  buildResponseHeaders,
  encodeErrorBody,
  TablestoreError,
  type AuthenticatedRequest,
} from '../../../../../src/tablestore';

export const ACCESS_KEY_ID = 'testAK';
export const ACCESS_KEY_SECRET = 'test-secret-never-logged';
export const INSTANCE = 'inst1';

/** One request as the server received it. */
export interface ReceivedRequest {
  action: string;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
  auth: AuthenticatedRequest;
  /** Client-side port of the connection, to tell connections apart (keep-alive). */
  remotePort: number | undefined;
}

/** What the handler wants sent back. */
export type Reply =
  /** 200 with this protobuf body, signed as the service signs it. */
  | { body: Uint8Array }
  /** The protobuf Error body of `error`, with its HTTP status, signed. */
  | { error: TablestoreError }
  /** Exactly these bytes; `headers` replace the signed set when given. */
  | { raw: { status: number; body: Uint8Array; headers?: Record<string, string> } }
  /** Close the connection without answering. */
  | { destroy: true }
  /** Never answer (the client's timeout must fire). */
  | { hang: true };

export type Handler = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>;

export interface TestServer {
  endpoint: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a server answering with `handler`; requests that fail authentication get the service's 403/400. */
export async function startTestServer(handler: Handler): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const action = (req.url ?? '/').slice(1);
      const body = Buffer.concat(chunks);
      let auth: AuthenticatedRequest;
      try {
        auth = authenticateRequest({
          action,
          headers: req.headers,
          body,
          lookupSecret: (id) => (id === ACCESS_KEY_ID ? ACCESS_KEY_SECRET : undefined),
        });
      } catch (err) {
        if (!(err instanceof TablestoreError)) throw err;
        // Unauthenticated: the service cannot sign the answer (spec 1.4).
        const errorBody = encodeErrorBody(err);
        res.writeHead(err.httpStatus, buildResponseHeaders({ action, body: errorBody }));
        res.end(errorBody);
        return;
      }
      const received = { action, body, headers: req.headers, auth, remotePort: req.socket.remotePort };
      requests.push(received);
      void Promise.resolve(handler(received, requests.length - 1)).then((reply) => send(res, action, reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const CREDENTIALS = { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET };

function send(res: http.ServerResponse, action: string, reply: Reply): void {
  if ('hang' in reply) return;
  if ('destroy' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('raw' in reply) {
    const { status, body, headers } = reply.raw;
    res.writeHead(status, headers ?? buildResponseHeaders({ action, body, credentials: CREDENTIALS }));
    res.end(body);
    return;
  }
  const status = 'error' in reply ? reply.error.httpStatus : 200;
  const body = 'error' in reply ? encodeErrorBody(reply.error) : reply.body;
  res.writeHead(status, buildResponseHeaders({ action, body, credentials: CREDENTIALS }));
  res.end(body);
}
