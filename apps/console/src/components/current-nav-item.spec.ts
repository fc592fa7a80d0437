import { currentNavItem } from './current-nav-item';

describe('console: the current navigation item', () => {
  const items = [{ to: '/pupils' }, { to: '/pupils/import' }, { to: '/assessment' }];

  it('is the most specific item holding the address, so a sub-page under its own item is not also "Pupils"', () => {
    expect(currentNavItem(items, '/pupils/import')).toEqual({ to: '/pupils/import' });
    expect(currentNavItem(items, '/pupils/0f6c1d1e-1111-4222-8333-444455556666')).toEqual({ to: '/pupils' });
    expect(currentNavItem(items, '/pupils')).toEqual({ to: '/pupils' });
  });

  it('matches whole path segments only, and nothing on an address outside every item', () => {
    expect(currentNavItem(items, '/pupilsx')).toBeUndefined();
    expect(currentNavItem(items, '/cookies')).toBeUndefined();
  });
});
