/**
 * Reads a job script from disk and compiles it into a plan, for the CLI commands that start runs and schedules.
 * Validation problems come out as the compiler's `JobScriptError` (every issue with its JSON path and line).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadDatasourceCatalog } from '../datasources/catalog';
import { compileJobPlan, type CompiledJob } from '../job';
import { checkJobId } from '../jobs/store';
import { OtsyncError } from '../common/errors';

export interface CompileJobFileOptions {
  readonly parameters?: Readonly<Record<string, string>>;
  readonly nominalTime?: Date;
  readonly timeZone?: string;
  readonly datasourcesFile?: string;
}

export interface CompiledJobFile extends CompiledJob {
  readonly scriptText: string;
}

export function readJobFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new OtsyncError(`cannot read job script ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      hint: 'check the path',
    });
  }
}

export function compileJobFile(file: string, options: CompileJobFileOptions = {}): CompiledJobFile {
  const scriptText = readJobFile(file);
  const catalog = loadDatasourceCatalog(options.datasourcesFile ? { file: options.datasourcesFile } : {});
  const compiled = compileJobPlan(scriptText, {
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.nominalTime ? { nominalTime: options.nominalTime } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    datasources: catalog,
  });
  return { ...compiled, scriptText };
}

/** The job id a file gets when none is given: its base name, made safe. */
export function jobIdFromFile(file: string): string {
  const base = path.basename(file).replace(/\.(json|jsonc|txt)$/i, '');
  return checkJobId(
    base
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^[-_]+/, '')
      .slice(0, 100) || 'job',
  );
}
