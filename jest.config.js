/**
 * Three projects: node (core, adapters, server, functions), ui (Taro components in jsdom) and weapp (a compiled
 * weapp build rendered by miniprogram-simulate). miniprogram-automator tests have their own config.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2020',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: [
        '<rootDir>/core',
        '<rootDir>/adapters',
        '<rootDir>/server',
        '<rootDir>/cloudfunctions',
        '<rootDir>/scripts',
        '<rootDir>/test/security',
        '<rootDir>/testing',
      ],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      // light-my-request's cookie@2 ships ESM only: compile it for the server tests.
      transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
    },
    {
      displayName: 'ui',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/src', '<rootDir>/test'],
      testMatch: ['**/*.test.tsx', '**/*.test.ts'],
      // test/weapp and test/automator belong to their own projects / config.
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/test/weapp/',
        '<rootDir>/test/automator/',
        '<rootDir>/test/security/',
      ],
      setupFiles: ['<rootDir>/test/ui-setup.js'],
      transform: { '^.+\\.(t|j|mj)sx?$': swc, '^.+\\.mjs$': swc },
      transformIgnorePatterns: [],
      moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'json'],
      moduleNameMapper: {
        '^@tarojs/components$': '@tarojs/components/lib/react',
        '^@tarojs/taro$': '<rootDir>/test/taro-shim.js',
        '\\.(css|scss|sass)$': '<rootDir>/test/style-stub.js',
        '^@/(.*)$': '<rootDir>/src/$1',
      },
      globals: {
        ENABLE_INNER_HTML: true,
        ENABLE_ADJACENT_HTML: true,
        ENABLE_SIZE_APIS: true,
        ENABLE_TEMPLATE_CONTENT: true,
        ENABLE_MUTATION_OBSERVER: true,
        ENABLE_CLONE_NODE: true,
        ENABLE_CONTAINS: true,
        DEPRECATED_ADAPTER_COMPONENT: false,
        __TARO_FRAMEWORK__: 'react',
      },
    },
    {
      // A compiled weapp build rendered by miniprogram-simulate (WeChat's wcc + jsdom); built when missing or stale.
      displayName: 'weapp',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test/weapp'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.tsx?$': swc },
      // The compiled bundle runs as built: never transform it.
      transformIgnorePatterns: ['/node_modules/', '/build/', '/dist/'],
    },
  ],
};
