export * from './auth';
export * from './me';
export * from './users';
export * from './permissions';
