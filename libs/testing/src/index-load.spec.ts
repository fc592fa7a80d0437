// Every end-to-end file loads @pt/testing's index in a jest registry of its own, so whatever the
// index brings is paid by each of them. Nest, the ORM, class-validator and the TypeScript compiler
// were 1.7 s of a jest worker's CPU per file (of 1.95-2.12 s); the modules the index loads import
// @pt/platform's and @pt/persistence's files by path, and the middle tier's harness and fixture
// entities are imported by their own paths.
const HEAVY = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/testing',
  '@mikro-orm/core',
  '@mikro-orm/postgresql',
  '@mikro-orm/migrations',
  'class-validator',
  'typescript',
];

describe("@pt/testing's index", () => {
  it('loads none of Nest, the ORM, class-validator or the TypeScript compiler', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      for (const name of HEAVY) {
        jest.doMock(name, () => {
          loaded.push(name);
          return {};
        });
      }
      require('./index');
    });
    expect(loaded).toEqual([]);
  });
});
