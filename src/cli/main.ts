import { Command, CommanderError } from 'commander';
import { OtsyncError } from '../common/errors';
import { JobScriptError } from '../job/errors';
import { demoCommand } from './commands/demo';
import { localCommand } from './commands/local';
import { stackCommand } from './commands/stack';
import { validateCommand } from './commands/validate';
import { runCommand } from './commands/run';
import { scheduleCommand } from './commands/schedule';
import { statusCommand } from './commands/status';
import { workerCommand } from './commands/worker';

/** Builds the `otsync` command tree; exported so tests can drive it in-process. */
export function buildCli(): Command {
  return new Command('otsync')
    .description('Run DataWorks/DataX Tablestore Stream sync job scripts on Temporal')
    .showHelpAfterError()
    .addCommand(stackCommand())
    .addCommand(demoCommand())
    .addCommand(localCommand())
    .addCommand(validateCommand())
    .addCommand(runCommand())
    .addCommand(scheduleCommand())
    .addCommand(statusCommand())
    .addCommand(workerCommand());
}

/** Prints an error as "error: what" plus "hint: how to fix", never a stack trace for errors we raise on purpose. */
function report(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  if (err instanceof OtsyncError) {
    process.stderr.write(`error: ${err.message}\n`);
    // "N problems" alone says nothing: list them, as `otsync validate` does.
    if (err instanceof JobScriptError && err.issues.length > 1) {
      for (const issue of err.issues) {
        const at = issue.line === undefined ? '' : ` (line ${issue.line})`;
        process.stderr.write(`  ${issue.path}${at}: ${issue.message}\n`);
      }
    }
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    return 1;
  }
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildCli()
      .exitOverride()
      .parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return report(err);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
