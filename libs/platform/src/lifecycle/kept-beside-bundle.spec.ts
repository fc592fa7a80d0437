import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keptBesideBundle, launchedBundle, LaunchedBundle } from './kept-beside-bundle';

describe('keptBesideBundle (a value made once per bundle, read back by later starts)', () => {
  let dir: string;
  let bundle: LaunchedBundle;
  let made: number;
  const make = () => {
    made++;
    return { paths: { '/a': { get: { summary: 'made', optional: undefined } } }, at: made };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kept-beside-bundle-'));
    bundle = { file: join(dir, 'gateway.js'), digest: 'a'.repeat(64) };
    made = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made by the first start and read back by the next, headed by the bundle digest', () => {
    const first = keptBesideBundle('api-document', make, bundle);
    const second = keptBesideBundle('api-document', make, bundle);

    expect(made).toBe(1);
    expect(second).toEqual(first);
    expect(JSON.parse(readFileSync(join(dir, 'gateway.api-document.json'), 'utf8')).digest).toBe(bundle.digest);
  });

  it('gives the first start the value as JSON gives it back, as later starts get it', () => {
    const first = keptBesideBundle('api-document', make, bundle);

    expect(first).toEqual({ paths: { '/a': { get: { summary: 'made' } } }, at: 1 });
    expect(Object.keys(first.paths['/a'].get)).toEqual(['summary']);
  });

  it('is made again, and replaced, for a rebuilt bundle', () => {
    keptBesideBundle('api-document', make, bundle);
    const rebuilt = { ...bundle, digest: 'b'.repeat(64) };

    expect(keptBesideBundle('api-document', make, rebuilt).at).toBe(2);
    expect(keptBesideBundle('api-document', make, rebuilt).at).toBe(2);
    expect(made).toBe(2);
  });

  it('is made again over a file that is not JSON', () => {
    writeFileSync(join(dir, 'gateway.api-document.json'), '{"digest":');

    expect(keptBesideBundle('api-document', make, bundle).at).toBe(1);
    expect(keptBesideBundle('api-document', make, bundle).at).toBe(1);
  });

  it('is made every time where it cannot be written, leaving nothing behind', () => {
    // A directory where the file would be: reading it and renaming onto it both fail, as on a read-only image.
    mkdirSync(join(dir, 'gateway.api-document.json'));

    expect(keptBesideBundle('api-document', make, bundle).at).toBe(1);
    expect(keptBesideBundle('api-document', make, bundle).at).toBe(2);
    expect(readdirSync(dir)).toEqual(['gateway.api-document.json']);
  });

  it('reads the bundle from where service-launch.cjs records it (its spec holds the same key)', () => {
    const key = Symbol.for('pt.launched-bundle');
    (globalThis as Record<symbol, unknown>)[key] = bundle;
    try {
      expect(launchedBundle()).toBe(bundle);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[key];
    }
    expect(launchedBundle()).toBeUndefined();
  });

  it('is made every time outside a bundle (dist/apps, jest)', () => {
    keptBesideBundle('api-document', make, undefined);
    keptBesideBundle('api-document', make, undefined);

    expect(made).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});
