import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-*', 'build', '.data', '.temp', 'coverage', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The domain core stays SDK-free: no CloudBase, no Taro, no Node-only storage.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@cloudbase/*', '@tarojs/*', 'wx-server-sdk'],
              message: 'core imports no platform SDK',
            },
            {
              group: ['@seald-io/*', 'fastify', '@fastify/*', 'fs', 'node:*', '!node:crypto'],
              message: 'core imports no storage or server code (node:crypto only, for codes)',
            },
          ],
        },
      ],
    },
  },
  {
    // Codes, ids and tokens come from node:crypto: a predictable generator let a parent predict invite codes.
    files: ['core/**/*.ts', 'adapters/**/*.ts', 'server/**/*.ts', 'cloudfunctions/**/*.ts'],
    ignores: ['**/*.test.ts', '**/tests/**', 'core/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'use core/codes.ts (node:crypto)' },
      ],
    },
  },
);
