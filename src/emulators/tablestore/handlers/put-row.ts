/**
 * PutRow — https://www.alibabacloud.com/help/en/tablestore/developer-reference/putrow
 *
 * Supported: replace the whole row (spec 5.3), server-assigned timestamps, client timestamps within the table's
 * deviation and TTL, auto-increment keys, row-existence and column conditions, return content (RT_PK,
 * RT_AFTER_MODIFY). One PUT_ROW stream record per success. Not supported: local transactions.
 */
import type { PutRowRequest, PutRowResponse } from '../../../tablestore';
import { writeRow } from '../store/write';
import type { Handler } from './context';
import { rejectUnsupported } from './row-guards';

export const putRow: Handler<PutRowRequest, PutRowResponse> = (request, { instance, nowMs, nowUs }) => {
  rejectUnsupported(request);
  const table = instance.table(request.tableName);
  return writeRow(
    instance,
    table,
    { kind: 'put', rowBytes: request.row, condition: request.condition, ...optionalReturn(request.returnContent) },
    nowMs,
    nowUs,
  );
};

export function optionalReturn<T>(returnContent: T | undefined): { returnContent?: T } {
  return returnContent === undefined ? {} : { returnContent };
}
