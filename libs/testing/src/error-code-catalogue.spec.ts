import { ERROR_CATALOGUES } from '@pt/contracts';
import { readSourceFiles, REPOSITORY_ROOT } from './boundaries';
import { raisedCodes, undeclaredCodes } from './error-code-catalogue';

const declared = new Set<string>(Object.values(ERROR_CATALOGUES).flatMap((catalogue) => Object.values(catalogue)));

describe('error code catalogue', () => {
  it('declares every code that apps/ and libs/ raise', () => {
    const files = readSourceFiles(REPOSITORY_ROOT);
    expect(raisedCodes(files).length).toBeGreaterThan(100);
    expect(undeclaredCodes(files, declared)).toEqual([]);
  });

  it('declares each code once, for one service', () => {
    const all = Object.values(ERROR_CATALOGUES).flatMap((catalogue) => Object.values(catalogue));
    expect(all.filter((code, at) => all.indexOf(code) !== at)).toEqual([]);
  });

  it('reports a raised code that no catalogue declares, with where it is raised', () => {
    const files = [
      {
        path: 'apps/identity/src/users/users.service.ts',
        text: [
          "throw BusException.notFound('user.not_found', 'No such user');",
          "throw BusException.conflict('user.nickname_taken', 'Taken');",
          'throw BusException.conflict(`user.${field}_taken`, `Taken`);',
          "const body = { code: 'gone_fishing', message: 'Later' };",
        ].join('\n'),
      },
      { path: 'apps/identity/src/users/users.service.spec.ts', text: "BusException.forbidden('made_up', 'x');" },
    ];
    expect(undeclaredCodes(files, declared)).toEqual([
      { file: 'apps/identity/src/users/users.service.ts', line: 2, code: 'user.nickname_taken' },
      { file: 'apps/identity/src/users/users.service.ts', line: 4, code: 'gone_fishing' },
    ]);
  });
});
