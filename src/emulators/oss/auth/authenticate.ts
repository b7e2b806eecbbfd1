/**
 * Checks a request's signature, V1 or V4, against the one AccessKey pair the server accepts. Errors carry the
 * server's string to sign (never the secret), so a failing client can be debugged from the response alone.
 */
import { timingSafeEqual } from 'node:crypto';
import { OssServerError } from '../errors';
import { header, type RequestToSign } from './request-to-sign';
import { parseAuthorizationV1, signV1, stringToSignV1 } from './signature-v1';
import {
  canonicalRequestV4,
  parseAuthorizationV4,
  signV4,
  stringToSignV4,
  type EmptyValueForm,
  type QueryOrder,
} from './signature-v4';

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface Authenticated {
  accessKeyId: string;
  signatureVersion: 1 | 4;
}

/**
 * @throws OssServerError AccessDenied (no or unknown kind of Authorization), InvalidAccessKeyId,
 *   InvalidArgument (malformed V4 header or scope), SignatureDoesNotMatch.
 */
export function authenticate(request: RequestToSign, key: AccessKey): Authenticated {
  const authorization = header(request.headers, 'authorization');
  if (authorization === undefined || authorization.trim() === '') {
    throw new OssServerError('AccessDenied', {
      message: 'You have no right to access this object because of bucket acl.',
    });
  }
  if (authorization.startsWith('OSS4-HMAC-SHA256')) return authenticateV4(request, authorization, key);
  const v1 = parseAuthorizationV1(authorization);
  if (v1 === undefined) {
    throw new OssServerError('AccessDenied', { message: 'Authorization header is invalid.' });
  }
  checkAccessKeyId(v1.accessKeyId, key);
  const stringToSign = stringToSignV1(request);
  if (!sameText(signV1(key.accessKeySecret, stringToSign), v1.signature)) {
    throw signatureMismatch(stringToSign, v1.signature, v1.accessKeyId);
  }
  return { accessKeyId: v1.accessKeyId, signatureVersion: 1 };
}

function authenticateV4(request: RequestToSign, authorization: string, key: AccessKey): Authenticated {
  const parsed = parseAuthorizationV4(authorization);
  if (typeof parsed === 'string') throw new OssServerError('InvalidArgument', { message: parsed });
  checkAccessKeyId(parsed.accessKeyId, key);
  const ossDate = header(request.headers, 'x-oss-date');
  if (ossDate === undefined)
    throw new OssServerError('AccessDenied', { message: 'x-oss-date is required for V4 signatures.' });
  if (ossDate.slice(0, 8) !== parsed.date) {
    throw new OssServerError('InvalidArgument', {
      message: `The credential scope date ${parsed.date} does not match x-oss-date ${ossDate}.`,
    });
  }
  for (const name of parsed.additionalHeaders) {
    if (header(request.headers, name) === undefined) {
      throw new OssServerError('InvalidArgument', { message: `Additional header '${name}' is not in the request.` });
    }
  }
  const scope = `${parsed.date}/${parsed.region}/${parsed.product}/aliyun_v4_request`;
  const attempt = (empty: EmptyValueForm, order: QueryOrder) => {
    const canonicalRequest = canonicalRequestV4(request, parsed.additionalHeaders, empty, order);
    const stringToSign = stringToSignV4(canonicalRequest, ossDate, scope);
    const signature = signV4(key.accessKeySecret, parsed.date, parsed.region, parsed.product, stringToSign);
    return { canonicalRequest, stringToSign, ok: sameText(signature, parsed.signature) };
  };
  const first = attempt('bare', 'bytes');
  if (first.ok) return { accessKeyId: parsed.accessKeyId, signatureVersion: 4 };
  // Empty values and name order are ambiguous on the wire (spec 3.5, ali-oss sorts with localeCompare): only
  // worth retrying when the query has something to be ambiguous about.
  const retries: [EmptyValueForm, QueryOrder][] = [];
  const hasEmpty = request.query.some((p) => p.value === '');
  if (hasEmpty) retries.push(['with-equals', 'bytes'], ['flags-bare', 'bytes']);
  if (request.query.length > 1) {
    retries.push(['bare', 'locale']);
    if (hasEmpty) retries.push(['with-equals', 'locale'], ['flags-bare', 'locale']);
  }
  if (retries.some(([empty, order]) => attempt(empty, order).ok)) {
    return { accessKeyId: parsed.accessKeyId, signatureVersion: 4 };
  }
  throw signatureMismatch(first.stringToSign, parsed.signature, parsed.accessKeyId, first.canonicalRequest);
}

function checkAccessKeyId(accessKeyId: string, key: AccessKey): void {
  if (accessKeyId !== key.accessKeyId) {
    throw new OssServerError('InvalidAccessKeyId', { details: { OSSAccessKeyId: accessKeyId } });
  }
}

function signatureMismatch(
  stringToSign: string,
  provided: string,
  accessKeyId: string,
  canonicalRequest?: string,
): OssServerError {
  return new OssServerError('SignatureDoesNotMatch', {
    details: {
      StringToSign: stringToSign,
      SignatureProvided: provided,
      OSSAccessKeyId: accessKeyId,
      ...(canonicalRequest === undefined ? {} : { CanonicalRequest: canonicalRequest }),
    },
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
