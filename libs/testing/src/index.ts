// What every test tier needs, cheap to load: each end-to-end file loads all of it in its own
// jest registry. The middle tier's heavier parts (Nest, the ORM) are imported by their own paths:
// '@pt/testing/service-harness', '@pt/testing/fixtures/fixture-database' (and the fixture entities
// and migration beside it).
export * from './test-environment';
export * from './test-database';
export * from './stack';
export * from './own-servers';
export * from './fixtures';
export * from './mailbox';
export * from './test-images';
export * from './world';
export * from './postgres-fault-proxy';
export * from './declared-access';
export * from './api-client/api-client';
export * from './webhook-receiver';
export * from './nats/nats-permissions';
