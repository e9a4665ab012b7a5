import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-*', 'build', '.data', '.temp', 'coverage', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Browser globals only where browser code lives (the app, its tests, the browser scripts); the domain
    // core, the adapters, the server and the cloud functions run on Node.
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: [
      'src/**/*.{ts,tsx,js}',
      'test/**/*.{ts,tsx,js}',
      'e2e/**/*.mjs',
      'bench/**/*.mjs',
      'scripts/**/*.mjs',
      'config/**/*.ts',
    ],
    languageOptions: { globals: { ...globals.browser } },
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
              group: ['@seald-io/*', 'fastify', '@fastify/*', 'fs', 'node:*', '!node:crypto', 'exceljs'],
              message: 'core imports no storage, server or file-format code (node:crypto only, for codes)',
            },
            {
              group: ['**/server/*', '**/adapters/*', '**/src/*', '../server', '../adapters', '../src'],
              message: 'core is the domain: the edges (server, adapters, app) import it, never the reverse',
            },
          ],
        },
      ],
    },
  },
  {
    // Codes, ids and tokens come from node:crypto: a predictable generator let a parent predict invite codes.
    files: ['core/**/*.ts', 'adapters/**/*.ts', 'server/**/*.ts', 'cloudfunctions/**/*.ts'],
    ignores: ['**/*.test.ts', '**/tests/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'use core/codes.ts (node:crypto)' },
      ],
    },
  },
);
