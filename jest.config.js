// Three tiers (see README "Tests"): unit specs beside the code, integration specs beside
// the code that run real repositories against real Postgres and NATS, and end-to-end
// suites in test/ that boot the services and go through the gateway.
const { availableParallelism } = require('node:os');

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@pt/(contracts|platform|persistence|testing)$': '<rootDir>/libs/$1/src',
  '^@pt/(contracts|platform|persistence|testing)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    // deploy/: the Kubernetes manifests' spec (rendered and checked against the schemas); scripts/: the service launcher's.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,deploy,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
  ],
  testTimeout: 60_000,
  // Jest's default (cores - 1) runs a 2-core machine's suite in band, one file at a time,
  // while much of an integration or end-to-end file's time is spent waiting on Postgres and
  // NATS: three files at a time at least. Three were no faster than two while each stack's
  // start took 11-13 s of CPU (724 s against 707 s); with the services bundled (5-6 s) they
  // were, 428 s against 484 s on the same 2-core machine.
  maxWorkers: Math.max(3, availableParallelism() - 1),
};
