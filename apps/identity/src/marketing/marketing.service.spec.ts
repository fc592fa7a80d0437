import { loadConfig } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { UserAccount } from '../users/user.entity';
import { MarketingService } from './marketing.service';
import { isValidUnsubscribeSignature } from './unsubscribe-signature';

const SECRET = 'unit-test-unsubscribe-secret-0123456789abcdef';

function user(overrides: Partial<UserAccount>): UserAccount {
  return Object.assign(new UserAccount(), {
    id: '0192f0c4-1b2a-7c3d-8e4f-a1b2c3d4e5f6',
    email: 'ada@school.test',
    firstName: 'Ada',
    status: 'active',
    ...overrides,
  });
}

describe('marketing (P9)', () => {
  const config = loadConfig(IdentityConfig, { UNSUBSCRIBE_SECRET: SECRET, PUBLIC_APP_URL: 'https://app.example' });
  // Composing a message touches no database.
  const marketing = new MarketingService(undefined as never, config);

  it('P9: is off by default for a new account', () => {
    expect(new UserAccount().marketingOptIn).toBe(false);
  });

  it('P9: composes no marketing message for someone who has not opted in, or is not active', () => {
    expect(marketing.marketingMailFor(user({ marketingOptIn: false }), 'News', 'Body')).toBeNull();
    expect(
      marketing.marketingMailFor(user({ marketingOptIn: true, status: 'deactivated' }), 'News', 'Body'),
    ).toBeNull();
  });

  it('P9: every marketing message carries a working, signed unsubscribe link', () => {
    const mail = marketing.marketingMailFor(user({ marketingOptIn: true }), 'News', 'Body')!;
    const url = new URL(/Unsubscribe: (\S+)/.exec(mail.text)![1]);
    expect(url.origin).toBe('https://app.example');
    expect(isValidUnsubscribeSignature(SECRET, url.searchParams.get('u')!, url.searchParams.get('sig')!)).toBe(true);
  });

  it('P9: UNSUBSCRIBE_SECRET is required in production, and must be long; a development key is used otherwise', () => {
    expect(() => loadConfig(IdentityConfig, { NODE_ENV: 'production' })).toThrow(/UNSUBSCRIBE_SECRET/);
    expect(() => loadConfig(IdentityConfig, { UNSUBSCRIBE_SECRET: 'short' })).toThrow(/UNSUBSCRIBE_SECRET/);
    expect(loadConfig(IdentityConfig, {}).unsubscribeSecret).toMatch(/development/);
  });
});
