export * from './envelope';
export * from './bus-error';
export * from './pattern';
export * from './services';
export * from './health';
export * from './events';
export * from './identity';
export * from './audit';
