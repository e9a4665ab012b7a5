/**
 * miniprogram-automator tests (npm run test:automator): they drive a running WeChat DevTools, so they run
 * only where WECHAT_DEVTOOLS_CLI points at its CLI and are reported as skipped elsewhere.
 */
module.exports = {
  displayName: 'automator',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/automator'],
  testMatch: ['**/*.automator.test.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2020' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // DevTools start-up, a weapp build and page loads are slow.
  testTimeout: 120_000,
  // One DevTools instance: never run files in parallel.
  maxWorkers: 1,
};
