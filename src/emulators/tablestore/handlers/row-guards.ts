/** Request features every row handler rejects alike, so that a client never gets a silent partial answer. */
import { TablestoreServerError } from '../errors';

/** @throws TablestoreServerError `OTSParameterInvalid` for local transactions and wide-row paging. */
export function rejectUnsupported(request: {
  transactionId?: string;
  startColumn?: string;
  endColumn?: string;
  token?: Uint8Array;
}): void {
  if (request.transactionId) {
    throw TablestoreServerError.invalid('Unsupported feature: local transactions are not supported by this server.');
  }
  if (request.startColumn || request.endColumn || (request.token !== undefined && request.token.length > 0)) {
    throw TablestoreServerError.invalid(
      'Unsupported feature: start_column, end_column and token are not supported by this server.',
    );
  }
}
