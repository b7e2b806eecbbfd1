// Lint rules that hold the architecture in place (STYLE.md): production code never imports the local emulators,
// and workflow code imports nothing that would break Temporal's deterministic sandbox.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', '.otsync/', 'dist/', 'test/fixtures/histories/', 'test/conformance/**/target/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Production code: everything under src/ but the emulators themselves.
    files: ['src/**/*.ts'],
    // The one exception: `otsync local <service>` exists to start an emulator.
    ignores: ['src/emulators/**', 'src/cli/commands/local.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/emulators', '**/emulators/**'],
              message: 'Production code never imports the local emulators; tests and scripts start them.',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox.
    files: ['src/workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'Node built-ins break the workflow sandbox; do I/O in activities.',
            })),
            { name: '@temporalio/activity', message: 'Activity APIs are not available in workflow code.' },
            { name: '@temporalio/worker', message: 'Worker APIs are not available in workflow code.' },
            { name: '@temporalio/client', message: 'Client APIs are not available in workflow code.' },
          ],
          patterns: [
            { group: ['**/emulators', '**/emulators/**'], message: 'Workflows never import the emulators.' },
            {
              group: ['**/plugins', '**/plugins/**', '**/stack/**', '**/cli/**'],
              message: 'Workflows do no I/O: call activities.',
            },
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activity types only (import type).',
            },
          ],
        },
      ],
    },
  },
);
