import type { StackConfig } from './config';
import { ManagedService, type ServiceStatus } from './managed-service';
import { elasticsearchService } from './services/elasticsearch';
import { maxcomputeService } from './services/maxcompute';
import { ossService } from './services/oss';
import { tablestoreService } from './services/tablestore';
import { temporalService } from './services/temporal';

export const SERVICE_NAMES = ['temporal', 'elasticsearch', 'tablestore', 'oss', 'maxcompute'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function stackServices(config: StackConfig, only: readonly ServiceName[] = SERVICE_NAMES): ManagedService[] {
  const all: Record<ServiceName, () => ManagedService> = {
    temporal: () => new ManagedService(temporalService(config)),
    elasticsearch: () => new ManagedService(elasticsearchService(config)),
    tablestore: () => new ManagedService(tablestoreService(config)),
    oss: () => new ManagedService(ossService(config)),
    maxcompute: () => new ManagedService(maxcomputeService(config)),
  };
  return only.map((name) => all[name]());
}

/** What `stackUp` did for each service. */
export interface StartedService {
  readonly status: ServiceStatus;
  /** False when the service was already running (it is then left alone by the matching `stackDown`). */
  readonly startedNow: boolean;
}

/**
 * Starts every service that is not running yet, in parallel, and waits until all answer. If one fails, the ones
 * this call started are stopped again, so a failed `up` leaves nothing half-running behind.
 */
export async function stackUp(config: StackConfig, only?: readonly ServiceName[]): Promise<StartedService[]> {
  const services = stackServices(config, only);
  const results = await Promise.allSettled(services.map((s) => s.start()));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await Promise.all(
      services.map((s, i) => {
        const r = results[i];
        return r?.status === 'fulfilled' && r.value ? s.stop() : Promise.resolve(false);
      }),
    );
    throw failure.reason;
  }
  return Promise.all(
    services.map(async (s, i) => ({
      status: await s.status(),
      startedNow: (results[i] as PromiseFulfilledResult<boolean>).value,
    })),
  );
}

export async function stackDown(config: StackConfig, only?: readonly ServiceName[]): Promise<Record<string, boolean>> {
  const services = stackServices(config, only);
  const stopped = await Promise.all(services.map((s) => s.stop()));
  return Object.fromEntries(services.map((s, i) => [s.def.name, stopped[i] ?? false]));
}

export function stackStatus(config: StackConfig, only?: readonly ServiceName[]): Promise<ServiceStatus[]> {
  return Promise.all(stackServices(config, only).map((s) => s.status()));
}
