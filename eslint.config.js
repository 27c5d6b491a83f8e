import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'tools/', 'test-results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // analysis/ is pure computation: it must not reach for the web framework or the database.
    files: ['analysis/**/*.ts'],
    ignores: ['analysis/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['express', 'mongoose', 'mongodb', 'node:fs', 'fs', '**/server/**', '**/client/**', '**/contracts/**'] }],
    },
  },
  {
    // The file CLI may read files, but it is still analysis: nothing of the server's or the clients'.
    files: ['analysis/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['express', 'mongoose', 'mongodb', '**/server/**', '**/client/**', '**/contracts/**'] }],
    },
  },
  {
    // contracts/ are shapes shared by server and clients: zod and our domain constants only.
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['express', 'mongoose', 'mongodb', 'node:*', '**/server/**', '**/client/**'] }],
    },
  },
  {
    // Routes and services read and write the database only through the named queries of server/queries/
    // (one module per collection): the models are for the queries, the database set-up and the tests.
    files: ['server/routes/**/*.ts', 'server/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/models', '**/models/**'], message: 'Call a named query of server/queries/<collection>.ts instead of the models.' }] }],
    },
  },
  {
    // The apps run in the browser and speak to the server only over HTTP, through contracts/.
    files: ['client/**/*.ts', 'client/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['mongoose', 'mongodb', '**/server/**'] }],
    },
  },
);
