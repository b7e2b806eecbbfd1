/**
 * Server-side authentication of a Tablestore request (spec 1.3 "Server-side verification"): mandatory headers,
 * AccessKey lookup, V2 signature, body MD5 and, optionally, clock skew. Every failure is the
 * {@link TablestoreError} the real service answers with.
 */
import { TABLESTORE_ERROR_MESSAGES } from './error-codes';
import { TablestoreError } from './errors';
import { OtsHeader, parseOtsDate } from './headers';
import { contentMd5, headerValue, verifyRequestSignature, type HeaderMap } from './signing';

/** Headers every SDK sends; a request without one of them is malformed (400), not unauthenticated (403). */
export const MANDATORY_REQUEST_HEADERS = [
  OtsHeader.DATE,
  OtsHeader.API_VERSION,
  OtsHeader.ACCESS_KEY_ID,
  OtsHeader.INSTANCE_NAME,
  OtsHeader.CONTENT_MD5,
  OtsHeader.SIGNATURE,
] as const;

/** Input of {@link authenticateRequest}. */
export interface AuthenticateRequestOptions {
  /** API name taken from the URL path, e.g. `PutRow`. */
  action: string;
  headers: HeaderMap;
  /** The exact body bytes received. */
  body: Uint8Array;
  /** The secret of an AccessKey ID, or undefined for an unknown ID. */
  lookupSecret: (accessKeyId: string) => string | undefined;
  /**
   * Largest accepted distance between `x-ots-date` and `now`. The service's tolerance is 15 minutes per old docs
   * (UNCONFIRMED today), so the check is off unless asked for. @default undefined (no check)
   */
  maxClockSkewMs?: number;
  /** @default new Date() */
  now?: Date;
}

/** A request that passed {@link authenticateRequest}; the key signs the response. */
export interface AuthenticatedRequest {
  accessKeyId: string;
  accessKeySecret: string;
  instanceName: string;
  stsToken: string | undefined;
}

/**
 * Checks a request in the order a client can fix its problems: malformed headers first (400), then identity and
 * integrity (403). The order among the 403 checks is UNCONFIRMED; all of them share the code OTSAuthFailed.
 *
 * @throws TablestoreError `OTSParameterInvalid` "Missing header: {H}." / "Invalid date format: {D}.";
 *   `OTSAuthFailed` for an unknown AccessKey ID, a signature mismatch, a body MD5 mismatch or (when enabled) clock
 *   skew. Messages never include the secret or the expected signature.
 */
export function authenticateRequest(options: AuthenticateRequestOptions): AuthenticatedRequest {
  const { action, headers, body } = options;
  const values = new Map<string, string>();
  for (const name of MANDATORY_REQUEST_HEADERS) {
    const value = headerValue(headers, name);
    if (value === undefined) throw new TablestoreError('OTSParameterInvalid', `Missing header: ${name}.`);
    values.set(name, value.trim());
  }
  const dateText = values.get(OtsHeader.DATE) as string;
  const date = parseOtsDate(dateText);
  if (date === undefined) throw new TablestoreError('OTSParameterInvalid', `Invalid date format: ${dateText}.`);

  const accessKeyId = values.get(OtsHeader.ACCESS_KEY_ID) as string;
  const accessKeySecret = options.lookupSecret(accessKeyId);
  if (accessKeySecret === undefined) {
    throw new TablestoreError('OTSAuthFailed', TABLESTORE_ERROR_MESSAGES.accessKeyNotFound);
  }
  if (!verifyRequestSignature(action, headers, accessKeySecret)) {
    throw new TablestoreError('OTSAuthFailed', TABLESTORE_ERROR_MESSAGES.signatureMismatch);
  }
  // The MD5 header is covered by the signature, so checking it against the body binds the body to the signature.
  if (values.get(OtsHeader.CONTENT_MD5) !== contentMd5(body)) {
    throw new TablestoreError('OTSAuthFailed', TABLESTORE_ERROR_MESSAGES.contentMd5Mismatch);
  }
  if (options.maxClockSkewMs !== undefined) {
    const now = options.now ?? new Date();
    if (Math.abs(now.getTime() - date.getTime()) > options.maxClockSkewMs) {
      throw new TablestoreError('OTSAuthFailed', `Mismatch between system time and x-ots-date: ${dateText}.`);
    }
  }
  return {
    accessKeyId,
    accessKeySecret,
    instanceName: values.get(OtsHeader.INSTANCE_NAME) as string,
    stsToken: headerValue(headers, OtsHeader.STS_TOKEN),
  };
}
