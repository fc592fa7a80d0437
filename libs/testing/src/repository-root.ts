import { dirname, join } from 'node:path';

/** The repository root, from this file's place in libs/testing/src (a module of its own: boundaries.ts loads TypeScript). */
export const REPOSITORY_ROOT = join(dirname(__filename), '..', '..', '..');
