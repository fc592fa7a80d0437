export * from './auth';
export * from './me';
export * from './users';
