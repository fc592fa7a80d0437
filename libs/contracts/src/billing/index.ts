export * from './plans';
export * from './subscriptions';
export * from './invoices';
export * from './payments';
export * from './lifecycle';
export * from './errors';
export * from './finance';
export * from './webhooks';
