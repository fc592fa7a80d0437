export * from './audit-log';
export * from './breaches';
export * from './audit-retention';
export * from './rights';
export * from './errors';
