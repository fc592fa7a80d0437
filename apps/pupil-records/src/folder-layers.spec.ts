import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * The service's folders in layers, lowest first: a folder may import its own files, the
 * service's config and the folders of lower layers, never a folder of its own layer or a
 * higher one. The register (pupils/) holds the storage the others stand on: class groups,
 * consents, the published pupil count and the way to a pupil's record.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['school-status', 'ctf'],
  ['pupils'],
  ['class-groups', 'restriction', 'erasure', 'statistics', 'guardians', 'health', 'photos'],
  ['consents'],
  ['imports', 'exports'],
  ['subject-export'],
];

/** Files at the root any folder may import (the rest of the root wires the folders together). */
const SHARED_ROOT_FILES = ['pupil-records.config'];

/** Folders that hold no service code of their own. */
const NOT_LAYERED = ['migrations'];

const SRC = __dirname;

interface FolderImport {
  file: string;
  from: string;
  to: string;
}

function layerOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

/** Why an import points the wrong way, or null when it points down (or stays in its folder). */
function violationOf({ file, from, to }: FolderImport): string | null {
  if (from === to) return null;
  if (!to.includes('/')) {
    return SHARED_ROOT_FILES.includes(to) ? null : `${file} imports ${to} from the service's root`;
  }
  const target = to.split('/')[0];
  if (layerOf(target) < 0) return `${file} imports ${target}/, which no layer lists`;
  return layerOf(target) < layerOf(from) ? null : `${file} imports ${to}: ${target}/ is not below ${from}/`;
}

function importsOf(folder: string): FolderImport[] {
  return readdirSync(join(SRC, folder))
    .filter((name) => name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(name))
    .flatMap((name) => {
      const text = readFileSync(join(SRC, folder, name), 'utf8');
      return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']*)'/g)].map(([, specifier]) => {
        const target = relative(SRC, normalize(join(SRC, folder, specifier)))
          .split(sep)
          .join('/');
        const to = dirname(target) === folder ? folder : target;
        return { file: `${folder}/${name}`, from: folder, to };
      });
    });
}

const FOLDERS = readdirSync(SRC).filter(
  (name) => statSync(join(SRC, name)).isDirectory() && !NOT_LAYERED.includes(name),
);

describe('pupil-records: folders in layers, imports pointing one way', () => {
  it('places every folder in exactly one layer', () => {
    expect(FOLDERS.filter((folder) => layerOf(folder) < 0)).toEqual([]);
    const listed = LAYERS.flat();
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('has no folder importing a folder of its own layer or a higher one', () => {
    const violations = FOLDERS.flatMap(importsOf).flatMap((i) => violationOf(i) ?? []);
    expect(violations).toEqual([]);
  });

  it('fails on an import that points up, sideways, or into the root', () => {
    expect(violationOf({ file: 'pupils/pupils.service.ts', from: 'pupils', to: 'consents/consents.service' })).toBe(
      'pupils/pupils.service.ts imports consents/consents.service: consents/ is not below pupils/',
    );
    expect(violationOf({ file: 'guardians/x.ts', from: 'guardians', to: 'photos/y' })).toMatch(/not below/);
    expect(violationOf({ file: 'pupils/x.ts', from: 'pupils', to: 'database' })).toMatch(/from the service's root/);
    expect(violationOf({ file: 'consents/x.ts', from: 'consents', to: 'guardians/y' })).toBeNull();
    expect(violationOf({ file: 'statistics/x.ts', from: 'statistics', to: 'pupil-records.config' })).toBeNull();
  });
});
