import { rename, writeFile } from 'node:fs/promises';

/**
 * Write-then-rename: a process starting from dist/ while another build runs (parallel test
 * files, a running `npm start`) never reads a half-written file.
 */
export async function writeAtomically(path, content) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}
