export * from './auth';
export * from './me';
export * from './users';
export * from './roles';
export * from './permissions';
export * from './schools';
export * from './policies';
export * from './support';
