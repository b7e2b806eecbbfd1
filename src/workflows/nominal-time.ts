/**
 * The run's nominal time T. Scheduled runs get it from the `TemporalScheduledStartTime` search attribute (the
 * un-jittered action time). The server may deliver it without type metadata, in which case the typed accessor
 * returns undefined and the value sits in the deprecated untyped map as a string (temporal-notes.md §1.4), so both
 * are read. Manual runs and tests pass an explicit override.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';

const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export function nominalTime(override?: string): Date | undefined {
  if (override) return new Date(override);
  const info = workflowInfo();
  const typed = info.typedSearchAttributes.get(SCHEDULED_START);
  if (typed) return typed;
  const legacy: unknown = info.searchAttributes?.['TemporalScheduledStartTime']?.[0];
  if (legacy instanceof Date) return legacy;
  if (typeof legacy === 'string') return new Date(legacy);
  return undefined;
}
