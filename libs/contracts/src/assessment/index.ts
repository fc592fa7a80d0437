export * from './frameworks';
export * from './results';
export * from './errors';
export * from './targets';
