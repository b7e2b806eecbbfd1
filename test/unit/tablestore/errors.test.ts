// The error model: codes → HTTP status (spec 2.2/2.3), retry classification (2.4), and the protobuf Error body (2.1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeErrorResponse,
  encodeErrorBody,
  httpStatusForCode,
  isRetryableFor,
  MessageCodecError,
  messages,
  TABLESTORE_ERROR_STATUS,
  TablestoreError,
} from '../../../src/tablestore';
import { OtsyncError } from '../../../src/common/errors';

function errorBody(code: string, message: string): Buffer {
  const codeBytes = Buffer.from(code);
  const messageBytes = Buffer.from(message);
  return Buffer.concat([
    Buffer.from([0x0a, codeBytes.length]),
    codeBytes,
    Buffer.from([0x12, messageBytes.length]),
    messageBytes,
  ]);
}

test('spec 2.1: Error bodies captured from the real service encode byte for byte', () => {
  const notFound = new TablestoreError('OTSObjectNotExist', 'Requested table does not exist.');
  assert.equal(notFound.httpStatus, 404);
  const expected = errorBody('OTSObjectNotExist', 'Requested table does not exist.');
  assert.equal(expected.subarray(0, 2).toString('hex'), '0a11');
  assert.equal(expected.subarray(19, 21).toString('hex'), '121f');
  assert.equal(Buffer.from(encodeErrorBody(notFound)).toString('hex'), expected.toString('hex'));

  const conditionFailed = new TablestoreError('OTSConditionCheckFail', 'Condition check failed.');
  assert.equal(conditionFailed.httpStatus, 403);
  const expected2 = errorBody('OTSConditionCheckFail', 'Condition check failed.');
  assert.equal(expected2.subarray(0, 2).toString('hex'), '0a15');
  assert.equal(Buffer.from(encodeErrorBody(conditionFailed)).toString('hex'), expected2.toString('hex'));
});

test('decodeErrorResponse turns a protobuf Error body into a TablestoreError with status and request id', () => {
  const err = decodeErrorResponse({
    httpStatus: 503,
    body: errorBody('OTSServerBusy', 'Server is busy.'),
    requestId: '0005ae78-8a0d-52c0-e6c1-720b05604f7b',
  });
  assert.ok(err instanceof TablestoreError);
  assert.ok(err instanceof OtsyncError);
  assert.equal(err.code, 'OTSServerBusy');
  assert.equal(err.message, 'Server is busy.');
  assert.equal(err.httpStatus, 503);
  assert.equal(err.requestId, '0005ae78-8a0d-52c0-e6c1-720b05604f7b');
  assert.equal(err.retryable, true);
});

test('decodeErrorResponse keeps the status the server sent, even where it differs from the table', () => {
  // Alibaba's mock answers OTSTrimmedDataAccess with 404; clients must key on the code (spec 2.3).
  const err = decodeErrorResponse({ httpStatus: 404, body: errorBody('OTSTrimmedDataAccess', 'gone') });
  assert.equal(err.code, 'OTSTrimmedDataAccess');
  assert.equal(err.httpStatus, 404);
  assert.equal(err.requestId, undefined);
});

test('a body that is not an Error becomes OTSServerUnavailable for 5xx and OTSClientUnknownError otherwise', () => {
  const html = Buffer.from('<html>Bad Gateway</html>');
  const gateway = decodeErrorResponse({ httpStatus: 502, body: html });
  assert.equal(gateway.code, 'OTSServerUnavailable');
  assert.equal(gateway.httpStatus, 502);
  assert.equal(gateway.isRetryableFor('GetStreamRecord'), true);
  assert.equal(gateway.isRetryableFor('PutRow'), false);
  const empty = decodeErrorResponse({ httpStatus: 403, body: new Uint8Array(0) });
  assert.equal(empty.code, 'OTSClientUnknownError');
  assert.equal(empty.retryable, false);
});

test('HTTP status table follows spec 2.2 and 2.3', () => {
  const expected: Record<string, number> = {
    OTSAuthFailed: 403,
    OTSParameterInvalid: 400,
    OTSInvalidPK: 400,
    OTSObjectNotExist: 404,
    OTSTableNotReady: 404,
    OTSObjectAlreadyExist: 409,
    OTSRowOperationConflict: 409,
    OTSConditionCheckFail: 403,
    OTSQuotaExhausted: 403,
    OTSRequestBodyTooLarge: 413,
    OTSRequestTimeout: 408,
    OTSMethodNotAllowed: 405,
    OTSFlowControl: 429,
    OTSInternalServerError: 500,
    OTSServerBusy: 503,
    OTSPartitionUnavailable: 503,
    OTSTimeout: 503,
    OTSServerUnavailable: 503,
    OTSTrimmedDataAccess: 400,
  };
  for (const [code, status] of Object.entries(expected)) assert.equal(httpStatusForCode(code), status, code);
  assert.equal(httpStatusForCode('OTSSomethingNew'), 500);
  assert.equal(httpStatusForCode('toString'), 500, 'prototype keys are not codes');
  assert.equal(Object.keys(TABLESTORE_ERROR_STATUS).length, 28);
});

test('retry classification follows the SDKs: always-retryable codes vs idempotent-only codes (spec 2.4)', () => {
  const err = (code: string, message = '', httpStatus = httpStatusForCode(code)) => ({ code, message, httpStatus });
  for (const code of ['OTSRowOperationConflict', 'OTSServerBusy', 'OTSPartitionUnavailable', 'OTSTableNotReady']) {
    assert.equal(isRetryableFor(err(code), 'PutRow'), true, code);
    assert.equal(new TablestoreError(code, '').retryable, true, code);
  }
  for (const code of ['OTSTimeout', 'OTSInternalServerError', 'OTSServerUnavailable']) {
    assert.equal(isRetryableFor(err(code), 'GetStreamRecord'), true, code);
    assert.equal(isRetryableFor(err(code), 'PutRow'), false, code);
    assert.equal(new TablestoreError(code, '').retryable, false, code);
  }
  for (const code of ['OTSParameterInvalid', 'OTSConditionCheckFail', 'OTSTrimmedDataAccess', 'OTSAuthFailed']) {
    assert.equal(isRetryableFor(err(code), 'GetStreamRecord'), false, code);
  }
  assert.equal(isRetryableFor(err('OTSQuotaExhausted', 'Too frequent table operations.'), 'PutRow'), true);
  assert.equal(isRetryableFor(err('OTSQuotaExhausted', 'Number of tables exceeded the quota.'), 'ListTable'), false);
  assert.equal(isRetryableFor(err('OTSWhatever', '', 502), 'DescribeStream'), true);
  assert.equal(isRetryableFor(err('OTSWhatever', '', 502), 'UpdateRow'), false);
});

test('AccessDeniedDetail (Java schema) survives an encode/decode round trip', () => {
  const detail = {
    authAction: 'ots:GetRow',
    authPrincipalType: 'SubUser',
    authPrincipalOwnerId: '1',
    authPrincipalDisplayName: 'bob',
    policyType: 'ImplicitDeny',
    noPermissionType: 'ImplicitDeny',
  };
  const original = new TablestoreError('OTSNoPermissionAccess', 'denied', { accessDeniedDetail: detail });
  const decoded = decodeErrorResponse({ httpStatus: 403, body: encodeErrorBody(original) });
  assert.deepEqual(decoded.accessDeniedDetail, detail);
  assert.deepEqual(messages.Error.decode(encodeErrorBody(original)).accessDeniedDetail, detail);
});

test('a truncated Error body is reported as unparseable, not thrown', () => {
  const body = errorBody('OTSServerBusy', 'Server is busy.').subarray(0, 10);
  assert.throws(() => messages.Error.decode(body), MessageCodecError);
  assert.equal(decodeErrorResponse({ httpStatus: 503, body }).code, 'OTSServerUnavailable');
});
