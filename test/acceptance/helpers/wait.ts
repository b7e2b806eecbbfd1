/** Bounded polling: every wait in the acceptance suites has a deadline, so no test can hang. */
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/**
 * Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs` naming `what`
 * and the last state `describe()` reports.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => string | Promise<string> },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const state = options.describe ? await options.describe() : '';
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${what}${state ? `; ${state}` : ''}` +
          (lastError instanceof Error ? `; last error: ${lastError.message}` : ''),
      );
    }
    await sleep(options.intervalMs ?? 500);
  }
}

/** An integer size from the environment (so CI can shrink or grow a suite), else the issue's default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name}=${raw} is not a non-negative integer`);
  return n;
}

/** `promise`, or a failure naming `what` after `ms`. */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: () => string | Promise<string>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void Promise.resolve(what()).then((w) => reject(new Error(`timed out after ${ms} ms waiting for ${w}`)));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
