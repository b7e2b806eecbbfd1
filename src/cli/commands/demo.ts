import { Command } from 'commander';
import { resolveStackConfig } from '../../stack/config';
import { stackUp } from '../../stack/stack';
import { formatStatus } from './stack';

/**
 * The README's first command. Today it brings up the embedded default stack and says where everything is; it
 * grows into the full Tablestore → Elasticsearch demo as the sync pipeline lands.
 */
export function demoCommand(): Command {
  return new Command('demo').description('run the main job on the embedded local stack').action(async () => {
    const config = resolveStackConfig();
    process.stderr.write('Starting the local stack (the first run installs the Temporal CLI and Elasticsearch)…\n');
    const started = await stackUp(config);
    const t = config.temporal;
    process.stdout.write(
      [
        formatStatus(started.map((s) => s.status)),
        '',
        `Temporal UI:      http://${config.host}:${t.uiPort}`,
        `Temporal address: ${config.host}:${t.port} (namespace ${t.namespace})`,
        `Elasticsearch:    http://${config.host}:${config.elasticsearch.port}`,
        `Tablestore:       http://${config.host}:${config.tablestore.port} (instance ${config.tablestore.instance})`,
        '',
        'The local stack is up. The Tablestore → Elasticsearch sync demo is not part of this build yet;',
        "stop the stack with 'npm run stack:down'.",
        '',
      ].join('\n'),
    );
  });
}
