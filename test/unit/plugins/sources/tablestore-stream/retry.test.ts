// Backoff and the retry classifier (spec 2.4 tiers), without any I/O or real waiting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryable,
  TablestoreNetworkError,
  TablestoreResponseError,
} from '../../../../../src/plugins/sources/tablestore-stream/client';
import { TablestoreError } from '../../../../../src/tablestore';

test('defaults follow DataX: 30 retries, 100 ms base, 10 s cap (otsstream-reader.md §7.2)', () => {
  assert.deepEqual(DEFAULT_RETRY, { maxRetries: 30, baseDelayMs: 100, maxDelayMs: 10_000 });
});

test('full jitter: the pause is uniform below min(cap, base × 2^retry)', () => {
  const almostOne = () => 0.999999;
  assert.deepEqual(
    [0, 1, 2, 6, 7, 30, 1000].map((retry) => backoffDelay(retry, DEFAULT_RETRY, almostOne)),
    [99, 199, 399, 6399, 9999, 9999, 9999],
  );
  assert.equal(
    backoffDelay(5, DEFAULT_RETRY, () => 0),
    0,
  );
});

test('always-retryable codes are retried for writes too; OTSQuotaExhausted only with its transient message', () => {
  for (const code of ['OTSServerBusy', 'OTSRowOperationConflict', 'OTSPartitionUnavailable', 'OTSTableNotReady']) {
    assert.equal(isRetryable(new TablestoreError(code, 'x'), 'PutRow'), true, code);
  }
  assert.equal(isRetryable(new TablestoreError('OTSQuotaExhausted', 'Too frequent table operations.'), 'PutRow'), true);
  assert.equal(
    isRetryable(new TablestoreError('OTSQuotaExhausted', 'Number of tables exceeded the quota.'), 'GetRow'),
    false,
  );
});

test('OTSTimeout, OTSInternalServerError and any 5xx are retried for reads, and for writes only when declared idempotent', () => {
  for (const err of [
    new TablestoreError('OTSTimeout', 'Operation timeout.'),
    new TablestoreError('OTSInternalServerError', 'Internal server error.'),
    new TablestoreError('SomethingNew', 'x', { httpStatus: 502 }),
  ]) {
    assert.equal(isRetryable(err, 'GetStreamRecord'), true, err.code);
    assert.equal(isRetryable(err, 'GetShardIterator'), true, err.code);
    assert.equal(isRetryable(err, 'UpdateRow'), false, err.code);
    assert.equal(isRetryable(err, 'UpdateRow', true), true, err.code);
  }
});

test('permanent codes are never retried, OTSTrimmedDataAccess included', () => {
  for (const code of [
    'OTSAuthFailed',
    'OTSParameterInvalid',
    'OTSObjectNotExist',
    'OTSConditionCheckFail',
    'OTSTrimmedDataAccess',
  ]) {
    assert.equal(isRetryable(new TablestoreError(code, 'x'), 'GetStreamRecord'), false, code);
  }
});

test('network errors: retried for reads; for writes only when the request certainly was not sent', () => {
  const reset = new TablestoreNetworkError('PutRow', 'http://h', 'reset', { errorCode: 'ECONNRESET' });
  const refused = new TablestoreNetworkError('PutRow', 'http://h', 'refused', {
    errorCode: 'ECONNREFUSED',
    notSent: true,
  });
  assert.equal(isRetryable(reset, 'GetStreamRecord'), true);
  assert.equal(isRetryable(reset, 'PutRow'), false);
  assert.equal(isRetryable(reset, 'PutRow', true), true);
  assert.equal(isRetryable(refused, 'PutRow'), true);
});

test('response validation failures and unknown errors are not retried', () => {
  assert.equal(isRetryable(new TablestoreResponseError('GetRow', 'bad signature', undefined), 'GetRow'), false);
  assert.equal(isRetryable(new TypeError('bug'), 'GetRow'), false);
});
