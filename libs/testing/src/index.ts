export * from './test-environment';
export * from './test-database';
export * from './stack';
export * from './fixtures';
export * from './identity-fixtures';
export * from './mailbox';
export * from './test-images';
export * from './gateway-request';
