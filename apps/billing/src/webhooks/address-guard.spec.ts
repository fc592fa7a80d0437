import { loadConfig } from '@pt/platform';
import { BillingConfig } from '../billing.config';
import { addressAllowed, addressList, resolveTarget } from './address-guard';

describe('webhook address guard (no requests to internal addresses)', () => {
  const none = addressList([]);

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00:ec2::254',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
  ])('refuses %s', (address) => {
    expect(addressAllowed(address, none)).toBe(false);
  });

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])(
    'allows the public %s',
    (address) => {
      expect(addressAllowed(address, none)).toBe(true);
    },
  );

  it('allows an internal address only when the deployment lists it', () => {
    const local = addressList(['127.0.0.1']);
    expect(addressAllowed('127.0.0.1', local)).toBe(true);
    expect(addressAllowed('127.0.0.2', local)).toBe(false);
    expect(addressAllowed('10.0.0.8', addressList(['10.0.0.0/24']))).toBe(true);
  });

  it('resolves names before checking: localhost is loopback, refused; an IP literal needs no lookup', async () => {
    expect(await resolveTarget('https://localhost/hooks', none)).toMatchObject({ ok: false });
    expect(await resolveTarget('https://[::1]/hooks', none)).toMatchObject({ ok: false });
    expect(await resolveTarget('https://169.254.169.254/latest/meta-data', none)).toMatchObject({ ok: false });
    expect(await resolveTarget('https://93.184.216.34/hooks', none)).toMatchObject({
      ok: true,
      address: '93.184.216.34',
    });
  });

  it('wants https, except to a listed address; never credentials in the URL or another scheme', async () => {
    expect(await resolveTarget('http://93.184.216.34/hooks', none)).toEqual({
      ok: false,
      reason: 'must be an https URL',
    });
    expect(await resolveTarget('http://127.0.0.1:9/hooks', addressList(['127.0.0.1']))).toMatchObject({
      ok: true,
      allowlisted: true,
    });
    expect(await resolveTarget('ftp://93.184.216.34/x', none)).toMatchObject({ ok: false });
    expect(await resolveTarget('https://user:pw@93.184.216.34/x', none)).toMatchObject({ ok: false });
    expect(await resolveTarget('not a url', none)).toMatchObject({ ok: false });
  });
});

describe('the exception list is for tests only', () => {
  const production = {
    NODE_ENV: 'production',
    BILLING_SUPPLIER_NAME: 'Pupil Tracking Ltd',
    BILLING_SUPPLIER_ADDRESS: '1 High Street|Testbury|TE1 1ST',
    BILLING_SUPPLIER_VAT_NUMBER: 'GB123456789',
  };

  it('P28: billing refuses to start in production with BILLING_WEBHOOK_ALLOWED_ADDRESSES set', () => {
    expect(() => loadConfig(BillingConfig, { ...production, BILLING_WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1' })).toThrow(
      /BILLING_WEBHOOK_ALLOWED_ADDRESSES: must not be set in production/,
    );
    expect(
      loadConfig(BillingConfig, { NODE_ENV: 'test', BILLING_WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1, ::1/128' })
        .webhookAllowedAddresses,
    ).toEqual(['127.0.0.1', '::1/128']);
  });
});
