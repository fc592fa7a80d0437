export * from './pupil';
export * from './restriction';
export * from './statistics';
export * from './class-groups';
