export * from './test-environment';
export * from './test-database';
export * from './stack';
export * from './fixtures';
export * from './mailbox';
export * from './test-images';
export * from './world';
export * from './service-harness';
