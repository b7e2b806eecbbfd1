/**
 * One signed POST to `<endpoint>/<Action>` over a keep-alive connection, and the checks on its answer (spec 1.1–1.5,
 * 2.1). Returns the body of a 2xx response; everything else becomes an error: {@link TablestoreError} for the
 * service's error responses, {@link TablestoreNetworkError} when no response came, {@link TablestoreResponseError}
 * when the response fails validation. No retrying here: see `retry.ts`.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { TLSSocket } from 'node:tls';
import {
  buildRequestHeaders,
  contentMd5,
  decodeErrorResponse,
  headerValue,
  OtsHeader,
  verifyResponseSignature,
  type TablestoreError,
} from '../../../../tablestore';
import { TablestoreNetworkError, TablestoreResponseError } from './errors';
import type { ResolvedClientOptions } from './options';

/** Errors Node reports when a connection could not be established, so the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const USER_AGENT = 'otsync-tablestore-stream-client';

/** Creates the default agent: keep-alive, because a shard reader sends one request after another. */
export function createDefaultAgent(endpoint: URL): http.Agent {
  const options: http.AgentOptions = { keepAlive: true, maxSockets: 30, scheduling: 'lifo' };
  return endpoint.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

/**
 * Sends one attempt of `action` with `body` and returns the response body of a 2xx answer.
 * @throws TablestoreError for an error response (decoded from its protobuf `Error` body, or `OTSServerUnavailable`
 *   / `OTSClientUnknownError` for a body that is not one).
 * @throws TablestoreNetworkError when no complete response arrived in time.
 * @throws TablestoreResponseError when the response's signature or MD5 does not match.
 */
export async function postOnce(
  options: ResolvedClientOptions,
  agent: http.Agent,
  action: string,
  body: Uint8Array,
  signal?: AbortSignal,
): Promise<Buffer> {
  const { status, headers, body: responseBody } = await send(options, agent, action, body, signal);
  const requestId = headerValue(headers, OtsHeader.REQUEST_ID) ?? headerValue(headers, 'x-ots-request-id');
  if (status >= 200 && status < 300) {
    if (options.verifyResponses) verifySuccess(options, action, headers, responseBody, requestId);
    return responseBody;
  }
  const error = decodeErrorResponse({
    httpStatus: status,
    body: responseBody,
    ...(requestId === undefined ? {} : { requestId }),
  });
  if (options.verifyResponses) verifyError(options, action, headers, responseBody, error);
  throw error;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function send(
  options: ResolvedClientOptions,
  agent: http.Agent,
  action: string,
  body: Uint8Array,
  signal: AbortSignal | undefined,
): Promise<RawResponse> {
  const { endpoint, credentials } = options;
  const otsHeaders = buildRequestHeaders({
    action,
    body,
    instanceName: options.instanceName,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      ...(credentials.securityToken === undefined ? {} : { stsToken: credentials.securityToken }),
    },
  });
  const transport = endpoint.protocol === 'https:' ? https : http;
  return new Promise<RawResponse>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TablestoreNetworkError(action, options.endpointText, 'aborted by the caller.', { notSent: true }));
      return;
    }
    let settled = false;
    let connected = false;
    const onAbort = () => fail('aborted by the caller.', { cause: signal?.reason });
    const fail = (message: string, extra: { errorCode?: string; timedOut?: boolean; cause?: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(requestTimer);
      signal?.removeEventListener('abort', onAbort);
      const notSent = !connected && extra.errorCode !== undefined && NOT_SENT_CODES.has(extra.errorCode);
      reject(new TablestoreNetworkError(action, options.endpointText, message, { ...extra, notSent }));
      request.destroy();
    };
    const request = transport.request({
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port,
      path: `/${action}`,
      method: 'POST',
      agent,
      headers: { ...otsHeaders, 'content-length': String(body.length), 'user-agent': USER_AGENT },
    });
    // Attached first: destroying the request below emits 'error', which must never go unhandled.
    request.on('error', (err: NodeJS.ErrnoException) => {
      fail(err.message, { ...(err.code === undefined ? {} : { errorCode: err.code }), cause: err });
    });
    // Declared after `fail`, which reads it: fail only ever runs from events and timers, after this line.
    const requestTimer = setTimeout(
      () => fail(`no complete response within ${options.requestTimeoutMs} ms.`, { timedOut: true }),
      options.requestTimeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });

    request.on('socket', (socket) => {
      // A pooled socket is already connected; only a new one can time out while connecting.
      if (!socket.connecting) {
        connected = true;
        return;
      }
      const connectTimer = setTimeout(
        () => fail(`could not connect within ${options.connectTimeoutMs} ms.`, { timedOut: true }),
        options.connectTimeoutMs,
      );
      // For https the request is written only after the handshake, so "connected" means TLS established.
      socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => {
        connected = true;
        clearTimeout(connectTimer);
      });
      socket.once('close', () => clearTimeout(connectTimer));
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (err: NodeJS.ErrnoException) => {
        fail(err.message, { ...(err.code === undefined ? {} : { errorCode: err.code }), cause: err });
      });
      // 'close' before 'end': the server closed the connection mid-body.
      response.on('close', () => fail('the connection closed before the response was complete.', {}));
      response.on('end', () => {
        if (settled || !response.complete) {
          fail('the connection closed before the response was complete.', {});
          return;
        }
        settled = true;
        clearTimeout(requestTimer);
        signal?.removeEventListener('abort', onAbort);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    request.end(body);
  });
}

/**
 * The Java SDK's default check (required headers, signature) plus the Python SDK's body MD5 check, which binds
 * the body to the signed headers.
 */
function verifySuccess(
  options: ResolvedClientOptions,
  action: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  requestId: string | undefined,
): void {
  for (const name of [OtsHeader.CONTENT_MD5, OtsHeader.CONTENT_TYPE, OtsHeader.AUTHORIZATION]) {
    if (headerValue(headers, name) === undefined) {
      throw new TablestoreResponseError(action, `the response lacks the '${name}' header.`, requestId);
    }
  }
  checkMd5(action, headers, body, requestId);
  checkSignature(options, action, headers, requestId);
}

/**
 * Errors are checked only for what they carry (Python SDK): a proxy's 502 page has no `x-ots-*` headers and must
 * stay a retryable `OTSServerUnavailable`. `OTSAuthFailed` is never checked: the service could not know the key.
 */
function verifyError(
  options: ResolvedClientOptions,
  action: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  error: TablestoreError,
): void {
  if (error.code === 'OTSAuthFailed') return;
  if (headerValue(headers, OtsHeader.CONTENT_MD5) !== undefined) checkMd5(action, headers, body, error.requestId);
  if (headerValue(headers, OtsHeader.AUTHORIZATION) !== undefined) {
    checkSignature(options, action, headers, error.requestId);
  }
}

function checkMd5(action: string, headers: IncomingHttpHeaders, body: Buffer, requestId: string | undefined): void {
  if (headerValue(headers, OtsHeader.CONTENT_MD5) !== contentMd5(body)) {
    throw new TablestoreResponseError(action, 'the response body does not match its x-ots-contentmd5.', requestId);
  }
}

function checkSignature(
  options: ResolvedClientOptions,
  action: string,
  headers: IncomingHttpHeaders,
  requestId: string | undefined,
): void {
  const { accessKeyId, accessKeySecret } = options.credentials;
  if (!verifyResponseSignature(action, headers, accessKeyId, accessKeySecret)) {
    throw new TablestoreResponseError(
      action,
      'the response signature does not verify with this AccessKey pair.',
      requestId,
    );
  }
}
