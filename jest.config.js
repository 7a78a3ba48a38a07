/** Jest projects: unit specs beside the code, integration on real services, e2e on the whole running stack. */
const moduleNameMapper = {
  '^@wisp/core$': '<rootDir>/libs/core/src',
  '^@wisp/feeds$': '<rootDir>/libs/feeds/src',
  '^@wisp/packages$': '<rootDir>/libs/packages/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', {}] };
const base = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], moduleNameMapper, transform, testEnvironment: 'node' };

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,runtimes}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/integration-setup.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/support/e2e-setup.ts',
      globalTeardown: '<rootDir>/test/support/e2e-teardown.ts',
    },
  ],
};
