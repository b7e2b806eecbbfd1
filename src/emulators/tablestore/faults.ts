/**
 * Fault injection for tests and drills: rules that make a share of API requests slow or fail the way the real
 * service fails under load. Admin requests are never affected.
 */
import { TABLESTORE_ERROR_MESSAGES } from '../../tablestore';
import { TablestoreServerError } from './errors';

/**
 * - `server-busy`: 503 OTSServerBusy; `timeout`: 503 OTSTimeout (after `latencyMs`); `internal-error`: 500
 *   OTSInternalServerError; `unavailable`: 503 OTSServerUnavailable; `bad-gateway`: a bare 502 without a protobuf
 *   body, as a proxy in front of the service would send; `latency`: answer normally after `latencyMs`.
 */
export type FaultKind = 'server-busy' | 'timeout' | 'internal-error' | 'unavailable' | 'bad-gateway' | 'latency';

export const FAULT_KINDS: readonly FaultKind[] = [
  'server-busy',
  'timeout',
  'internal-error',
  'unavailable',
  'bad-gateway',
  'latency',
];

export interface FaultRule {
  kind: FaultKind;
  /** Share of matching requests affected, from 0 to 1. @default 1 */
  rate?: number;
  /** API operations affected (e.g. `GetStreamRecord`). @default every operation */
  operations?: string[];
  /** Added delay in ms (`latency`, `timeout`). @default 0 */
  latencyMs?: number;
  /** Stop after this many injections. @default unlimited */
  times?: number;
}

/** What to do with one request. */
export interface FaultDecision {
  delayMs: number;
  error?: TablestoreServerError;
  /** Answer a bare 502. */
  badGateway?: boolean;
}

/**
 * @throws TablestoreServerError `OTSParameterInvalid` for an unknown kind or an out-of-range number.
 */
export function validateFaultRule(rule: FaultRule): FaultRule {
  if (!FAULT_KINDS.includes(rule.kind)) {
    throw TablestoreServerError.invalid(
      `Unknown fault kind '${String(rule.kind)}'; use one of ${FAULT_KINDS.join(', ')}.`,
    );
  }
  const rate = rule.rate ?? 1;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
    throw TablestoreServerError.invalid('Fault rate must be from 0 to 1.');
  const latency = rule.latencyMs ?? 0;
  if (typeof latency !== 'number' || !(latency >= 0 && latency <= 600_000)) {
    throw TablestoreServerError.invalid('Fault latencyMs must be from 0 to 600000.');
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) {
    throw TablestoreServerError.invalid('Fault times must be a non-negative integer.');
  }
  if (
    rule.operations !== undefined &&
    !(Array.isArray(rule.operations) && rule.operations.every((o) => typeof o === 'string'))
  ) {
    throw TablestoreServerError.invalid('Fault operations must be a list of operation names.');
  }
  return { ...rule, rate, latencyMs: latency };
}

export class FaultInjector {
  private rules: FaultRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map(validateFaultRule);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  decide(operation: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const rule of this.rules) {
      if (rule.times !== undefined && rule.times <= 0) continue;
      if (rule.operations !== undefined && !rule.operations.includes(operation)) continue;
      if (this.random() >= (rule.rate ?? 1)) continue;
      if (rule.times !== undefined) rule.times--;
      decision.delayMs += rule.latencyMs ?? 0;
      if (decision.error !== undefined || decision.badGateway) continue;
      switch (rule.kind) {
        case 'server-busy':
          decision.error = new TablestoreServerError('OTSServerBusy', TABLESTORE_ERROR_MESSAGES.serverBusy);
          break;
        case 'timeout':
          decision.error = new TablestoreServerError('OTSTimeout', TABLESTORE_ERROR_MESSAGES.timeout);
          break;
        case 'internal-error':
          decision.error = new TablestoreServerError(
            'OTSInternalServerError',
            TABLESTORE_ERROR_MESSAGES.internalServerError,
          );
          break;
        case 'unavailable':
          decision.error = new TablestoreServerError(
            'OTSServerUnavailable',
            TABLESTORE_ERROR_MESSAGES.serverUnavailable,
          );
          break;
        case 'bad-gateway':
          decision.badGateway = true;
          break;
        case 'latency':
          break;
      }
    }
    return decision;
  }
}
