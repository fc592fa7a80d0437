/**
 * Writes a generated DfE Common Transfer File (see apps/pupil-records/src/ctf/ctf-generator.ts,
 * which tests and benches import directly):
 *
 *   npm run generate:ctf -- --pupils 2000 --seed 7 --out /tmp/ctf.xml [--gender-tag]
 *        [--dest-lea 999 --dest-estab 9001] [--invalid-upn 5] [--malformed-after 10]
 */
import { GenerateCtfOptions, writeCtfFile } from '../apps/pupil-records/src/ctf/ctf-generator';

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const out = argument('out') ?? 'ctf.xml';
const options: GenerateCtfOptions = {
  pupils: Number(argument('pupils') ?? 100),
  seed: Number(argument('seed') ?? 1),
  genderTag: process.argv.includes('--gender-tag'),
  destination:
    argument('dest-lea') && argument('dest-estab')
      ? { lea: argument('dest-lea')!, estab: argument('dest-estab')! }
      : undefined,
  invalidUpnAt: argument('invalid-upn') ? [Number(argument('invalid-upn'))] : undefined,
  malformedAfter: argument('malformed-after') ? Number(argument('malformed-after')) : undefined,
  version: argument('version'),
};
writeCtfFile(out, options).then(
  (size) => console.log(`wrote ${options.pupils} pupils, ${size} bytes, to ${out}`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
