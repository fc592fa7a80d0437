export * from './world';
export * from './gateway-client';
export * from './pupil-fields';
