export * from './frameworks';
export * from './results';
export * from './errors';
export * from './targets';
export * from './secondary-measures';
export * from './question-analysis';
export * from './analysis';
export * from './parent-reports';
