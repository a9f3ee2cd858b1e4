// One jest run for unit specs (beside the code) and cross-app tests (test/).
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: '<rootDir>/test/support/node-environment.cjs',
  roots: ['<rootDir>/apps/api/src', '<rootDir>/apps/worker/src', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@assistants/(common|config|db|domain|adapters|ingest|runtime|workflows)$': '<rootDir>/libs/$1/src',
    '^@assistants/(domain|adapters)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  // A test process keeps every app and model it loaded: recycle it between files once it
  // holds this much (this also makes jest use a worker process even on one core, never the main one).
  workerIdleMemoryLimit: '1536MB',
};
