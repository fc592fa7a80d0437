export * from './frameworks';
export * from './errors';
