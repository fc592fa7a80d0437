export * from './world';
export * from './gateway-client';
export * from './pupil-fields';
export * from './pupil-imports';
export * from './first-admins';
export * from './audit-entries';
export * from './write-load';
export * from './pupil-write-drill';
