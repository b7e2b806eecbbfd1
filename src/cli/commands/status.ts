import { Command } from 'commander';
import { connectClient, temporalTarget } from '../../client';
import { checkJobId } from '../../jobs/store';
import { parsePositiveInt } from '../options';
import { uiLink } from '../render';

const DT = (v: unknown): string => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : '-');

/** `otsync status <job>`: recent instances with windows, counts, state and a Temporal UI link. */
export function statusCommand(): Command {
  return new Command('status')
    .description('recent runs of a job: windows, counts, state, Temporal UI link')
    .argument('<job>', 'job id')
    .option('--limit <n>', 'how many runs', parsePositiveInt, 10)
    .action(async (job: string, opts: { limit: number }) => {
      const target = temporalTarget();
      const client = await connectClient(target);
      try {
        let shown = 0;
        for await (const wf of client.workflow.list({ query: `SyncJob = '${checkJobId(job)}'` })) {
          const sa = wf.searchAttributes as Record<string, unknown[] | undefined>;
          const first = (k: string) => sa[k]?.[0];
          process.stdout.write(
            [
              `${wf.status.name.padEnd(11)} ${DT(first('WindowStart'))} → ${DT(first('WindowEnd'))}`,
              `read ${String(first('RecordsRead') ?? '-')}`,
              `written ${String(first('RecordsWritten') ?? '-')}`,
              `dirty ${String(first('RecordsDirty') ?? '-')}`,
              uiLink(target, wf.workflowId),
            ].join('  ') + '\n',
          );
          if (++shown >= opts.limit) break;
        }
        if (shown === 0) process.stdout.write(`no runs of ${job} yet\n`);
      } finally {
        await client.connection.close();
      }
    });
}
