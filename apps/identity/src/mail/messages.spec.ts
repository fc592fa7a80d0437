import { invitationMail, marketingMail, passwordResetMail, tokenLink } from './messages';

const USER = { id: '0192f0c4-1b2a-7c3d-8e4f-a1b2c3d4e5f6', email: 'ada@school.test', firstName: 'Ada' };

describe('mail messages', () => {
  it('carries a one-time token in the fragment of a link built from PUBLIC_APP_URL, so servers never log it', () => {
    const link = tokenLink('https://app.example/', 'set-password', 'abc_DEF-123');
    expect(link).toBe('https://app.example/set-password#token=abc_DEF-123');
    expect(new URL(link).search).toBe('');
  });

  it('P1: an invitation names its link and when it expires, and is logged by kind and user id only', () => {
    const expiresAt = new Date('2026-11-27T10:00:00Z');
    const mail = invitationMail(USER, 'https://app.example/set-password#token=x', expiresAt, 'staff');
    expect(mail).toMatchObject({ kind: 'invitation', userId: USER.id, to: USER.email });
    expect(mail.text).toContain('https://app.example/set-password#token=x');
    expect(mail.text).toContain('2026-11-27T10:00:00.000Z');
  });

  it('P6: a reset message says how long its link works and that ignoring it changes nothing', () => {
    const mail = passwordResetMail(USER, 'https://app.example/reset-password#token=y', 30);
    expect(mail.kind).toBe('password-reset');
    expect(mail.text).toMatch(/expires in 30 minutes/);
    expect(mail.text).toMatch(/ignore this message/);
  });

  it('P9: a marketing message carries the unsubscribe link in its body and as List-Unsubscribe', () => {
    const url = 'https://app.example/api/v1/marketing/unsubscribe?u=1&sig=2';
    const mail = marketingMail(USER, 'News', 'Our autumn update', url);
    expect(mail.text).toContain(`Unsubscribe: ${url}`);
    expect(mail.headers).toEqual({ 'List-Unsubscribe': `<${url}>` });
  });
});
