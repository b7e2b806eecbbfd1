/**
 * Fault injection for tests: the next `count` requests of one operation (or of any, `'*'`) fail with a chosen
 * status and code, so the writer's retry paths can be driven on demand. Faults apply after authentication, to
 * requests that would otherwise have reached their handler; a faulted request changes nothing (its body is dropped).
 */

export interface MaxComputeFaultRule {
  /**
   * An operation name: `CreateUpload`, `GetUploadStatus`, `UploadBlock`, `Commit`, `CreateDownload`,
   * `ReadDownload`, `GetProject`, `GetTable`, `ListPartitions`, `GetPartition`, `CreateInstance`, `GetInstance`,
   * ..., or `'*'` for any.
   */
  operation: string;
  /** How many requests fail. @default 1 */
  count?: number;
  /** @default 503 */
  status?: number;
  /** @default 'ServiceUnavailable' */
  code?: string;
}

export class FaultInjector {
  private rules: { rule: MaxComputeFaultRule; remaining: number }[] = [];

  /** @throws Error when `count` or `status` is out of range. */
  add(rule: MaxComputeFaultRule): void {
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
  take(operation: string): MaxComputeFaultRule | undefined {
    const match = this.rules.find((r) => r.rule.operation === operation || r.rule.operation === '*');
    if (match === undefined) return undefined;
    match.remaining--;
    if (match.remaining <= 0) this.rules = this.rules.filter((r) => r !== match);
    return match.rule;
  }
}
