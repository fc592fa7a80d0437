import { BoundaryViolation, checkBoundaries, importsOf, readSourceFiles, REPOSITORY_ROOT } from './boundaries';

describe('import boundaries', () => {
  it('hold across apps/, libs/, scripts/ and test/', () => {
    const files = readSourceFiles(REPOSITORY_ROOT);
    expect(files.length).toBeGreaterThan(100);
    expect(checkBoundaries(files)).toEqual([]);
  });

  describe('the check itself', () => {
    const violations = (path: string, text: string): BoundaryViolation[] => checkBoundaries([{ path, text }]);

    it('reports an app importing another app', () => {
      expect(
        violations(
          'apps/gateway/src/pupils/pupils.controller.ts',
          "import { PupilFields } from '../../../pupil-records/src/pupils/pupil-fields';",
        ),
      ).toEqual([
        {
          rule: 'app → another app',
          file: 'apps/gateway/src/pupils/pupils.controller.ts',
          imports: '../../../pupil-records/src/pupils/pupil-fields',
        },
      ]);
    });

    it('lets an app import its own files, the libs and packages', () => {
      expect(
        violations(
          'apps/gateway/src/pupils/pupils.controller.ts',
          [
            "import { x } from './pupils.dto';",
            "import { y } from '../http/field-rules';",
            "import { isUuid } from '@pt/contracts';",
            "import { Controller } from '@nestjs/common';",
          ].join('\n'),
        ),
      ).toEqual([]);
    });

    it('reports a lib importing an app', () => {
      expect(
        violations('libs/testing/src/world.ts', "import { AppModule } from '../../../apps/identity/src/app.module';"),
      ).toEqual([
        { rule: 'lib → app', file: 'libs/testing/src/world.ts', imports: '../../../apps/identity/src/app.module' },
      ]);
    });

    it('reports source and specs importing from scripts/, but lets scripts import apps', () => {
      expect(
        violations(
          'apps/pupil-records/src/ctf/ctf-parser.ts',
          "import { generateCtf } from '../../../../scripts/generate-ctf';",
        ),
      ).toEqual([expect.objectContaining({ rule: 'source → scripts' })]);
      expect(
        violations(
          'apps/pupil-records/src/ctf/ctf-parser.spec.ts',
          "import { generateCtf } from '../../../../scripts/generate-ctf';",
        ),
      ).toEqual([expect.objectContaining({ rule: 'spec → scripts' })]);
      expect(
        violations('test/pupils-import-ctf.e2e-spec.ts', "const { generateCtf } = require('../scripts/generate-ctf');"),
      ).toEqual([expect.objectContaining({ rule: 'spec → scripts' })]);
      expect(
        violations(
          'scripts/generate-ctf.ts',
          "import { generateCtf } from '../apps/pupil-records/src/ctf/ctf-generator';",
        ),
      ).toEqual([]);
    });

    it('reports libs/contracts importing any package, node builtins and other libs too', () => {
      const found = violations(
        'libs/contracts/src/pupils/upn.ts',
        [
          "import { randomUUID } from 'node:crypto';",
          "import { IsString } from 'class-validator';",
          "import { Handles } from '@pt/platform';",
          "import { isUuid } from '../ids';",
          "import type { PupilId } from '@pt/contracts/pupils';",
        ].join('\n'),
      );
      expect(found.map((violation) => violation.imports)).toEqual(['node:crypto', 'class-validator', '@pt/platform']);
      expect(found.every((violation) => violation.rule === 'libs/contracts → package')).toBe(true);
    });

    it('reads imports, not comments or strings that mention a path', () => {
      expect(
        importsOf(
          [
            '// see ../../apps/identity/src/app.module',
            "const where = 'scripts/generate-ctf.ts';",
            "export { a } from './a';",
            "import './side-effect';",
            "const later = () => import('./lazy');",
          ].join('\n'),
        ),
      ).toEqual(['./a', './side-effect', './lazy']);
    });
  });
});
