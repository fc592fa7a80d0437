export * from './plans';
export * from './errors';
