import type { IssueCollector, JsonPath } from './issues';
import type { SinkPlan, SourcePlan } from './plan-types';

/**
 * Checks between the reader and the writer that neither schema can make alone. All are warnings: each depends on
 * runtime facts (or on DataX behaviour) we only know approximately.
 */
export function crossCheck(
  source: SourcePlan,
  sink: SinkPlan,
  readerPath: JsonPath,
  writerPath: JsonPath,
  issues: IssueCollector,
): void {
  const output = source.config.output;
  if (sink.plugin === 'elasticsearch') {
    if (output.mode === 'multi_version') {
      issues.warn(
        [...readerPath, 'mode'],
        'Elasticsearch expects the row format: the default multi-version mode emits one line per changed cell',
        'set "mode": "single_version_and_update_only" with a column list',
      );
      return;
    }
    const n = output.columns.length;
    const m = sink.config.columns.length;
    if (n < m || (n > m && !sink.config.enableRedundantColumn)) {
      issues.warn(
        [...writerPath, 'column'],
        `the reader emits ${n} columns per record but the writer maps ${m}; DataX fails the first record (ESWriter-00)`,
        n > m
          ? 'list the same columns in the same order, or set "enableRedundantColumn": true'
          : 'list the same columns in the same order',
      );
    }
    if (sink.config.actionType === 'index') {
      issues.warn(
        [...writerPath, 'actionType'],
        'with actionType index, an UPDATE that changed some columns replaces the whole document (other fields become null)',
        'use "actionType": "update" with "enableWriteNull": false for partial-row changes',
      );
    }
  }
  if (sink.plugin === 'maxcompute' && output.mode !== 'multi_version') {
    const n = output.columns.length + (source.config.exportSequenceInfo ? 1 : 0);
    const m = sink.config.columns.length;
    if (sink.config.columns[0] !== '*' && n > m) {
      issues.warn(
        [...writerPath, 'column'],
        `the reader emits ${n} columns per record but the writer lists ${m}; DataX fails the task (OdpsWriter-09)`,
      );
    }
  }
}
