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
      'no-restricted-imports': ['error', { patterns: ['express', 'mongoose', 'mongodb', 'node:fs', 'fs', '**/server/**', '**/client/**'] }],
    },
  },
);
