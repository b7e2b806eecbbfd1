/**
 * Fault injection for the local HTTP servers' tests (OSS, MaxCompute): the next `count` requests of one operation
 * (or of any, `'*'`) fail with a chosen status and code, or hang until the server closes, so client retry and
 * timeout paths can be driven on demand. Faults apply after authentication, to requests that would otherwise have
 * reached their handler; a faulted request changes nothing.
 */

export interface HttpFaultRule {
  /** An operation name of the server (`PutObject`, `UploadBlock`, …) or `'*'` for any. */
  operation: string;
  /** How many requests fail. @default 1 */
  count?: number;
  /** @default 503 */
  status?: number;
  /** @default 'ServiceUnavailable' */
  code?: string;
  /** Never answer (until close) instead of failing. @default false */
  hang?: boolean;
}

export class FaultInjector {
  private rules: { rule: HttpFaultRule; remaining: number }[] = [];

  /** @throws Error when `count` or `status` is out of range. */
  add(rule: HttpFaultRule): void {
    const count = rule.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error('Fault count must be a positive integer.');
    if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)) {
      throw new Error('Fault status must be an HTTP error status (400-599).');
    }
    this.rules.push({ rule: { ...rule }, remaining: count });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that applies to this request, using up one of its requests, or undefined. */
  take(operation: string): HttpFaultRule | undefined {
    const match = this.rules.find((r) => r.rule.operation === operation || r.rule.operation === '*');
    if (match === undefined) return undefined;
    match.remaining--;
    if (match.remaining <= 0) this.rules = this.rules.filter((r) => r !== match);
    return match.rule;
  }
}
