/**
 * Checks a request's `Authorization: ODPS ...` header (spec 2): the classic signature or the V4 variant, whose
 * signing key is derived from the date and region in the credential. Both are recomputed with the protocol core's
 * signer over the canonical string of the request as received (`/api` removed, `x-odps-*` headers and query
 * parameters signed) and compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { canonicalString, parseAuthorization, signClassic, signV4 } from '../../maxcompute';
import { MaxComputeServerError } from './errors';
import type { ParsedUrl } from './request-url';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

function headerValues(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/**
 * @throws MaxComputeServerError — REST: AuthorizationRequired (missing or unparsable header), InvalidAccessKeyId,
 *   SignatureNotMatch; Tunnel: Unauthorized for all three (spec 2.3). The message shows the string the server
 *   signed (never a secret), so a client's canonicalisation can be compared.
 */
export function authenticate(
  method: string,
  url: ParsedUrl,
  headers: IncomingHttpHeaders,
  credentials: Credentials,
): void {
  const fail = (code: 'AuthorizationRequired' | 'InvalidAccessKeyId' | 'SignatureNotMatch', message?: string) =>
    new MaxComputeServerError(url.rest ? code : 'Unauthorized', message === undefined ? {} : { message });
  const header = headers.authorization;
  const parsed = header === undefined ? undefined : parseAuthorization(header);
  if (parsed === undefined) throw fail('AuthorizationRequired');
  if (parsed.accessKeyId !== credentials.accessKeyId) {
    throw fail('InvalidAccessKeyId', `The AccessKeyId '${parsed.accessKeyId}' does not exist.`);
  }
  const canonical = canonicalString({
    method,
    resource: url.resource,
    query: url.query,
    headers: headerValues(headers),
  });
  const expected =
    parsed.v4 === undefined
      ? signClassic(canonical, credentials.accessKeySecret)
      : signV4(canonical, credentials.accessKeySecret, parsed.v4.date, parsed.v4.region);
  const a = Buffer.from(expected);
  const b = Buffer.from(parsed.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw fail(
      'SignatureNotMatch',
      `The request signature does not match. The server signed: ${JSON.stringify(canonical)}`,
    );
  }
}
