import { verifyStandardWebhook } from '@pt/testing';
import { newWebhookSecret, signWebhook } from './standard-webhooks';

describe('Standard Webhooks signatures (P28)', () => {
  it("P28: signs id.timestamp.body as the spec's reference libraries do (their published test vector)", () => {
    const headers = signWebhook('msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}', [
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    ]);
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('P28: during a rotation signs with every secret in force, so a receiver holding either verifies', () => {
    const [old, current] = [newWebhookSecret(), newWebhookSecret()];
    const body = '{"type":"invoice.issued"}';
    const headers = signWebhook('m1', 1_800_000_000, body, [current, old]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyStandardWebhook(headers, body, old, 1_800_000_000)).toEqual({ ok: true });
    expect(verifyStandardWebhook(headers, body, current, 1_800_000_000)).toEqual({ ok: true });
    expect(verifyStandardWebhook(headers, body, newWebhookSecret(), 1_800_000_000)).toEqual({
      ok: false,
      reason: 'no_matching_signature',
    });
  });

  it('P28: the receiver refuses a tampered body, another id, and a timestamp outside 5 minutes either way', () => {
    const secret = newWebhookSecret();
    const body = '{"type":"payment.recorded","data":{"amountPence":1000}}';
    const headers = signWebhook('m2', 1_800_000_000, body, [secret]);
    expect(verifyStandardWebhook(headers, body.replace('1000', '9000'), secret, 1_800_000_000).ok).toBe(false);
    expect(verifyStandardWebhook({ ...headers, 'webhook-id': 'm3' }, body, secret, 1_800_000_000).ok).toBe(false);
    expect(verifyStandardWebhook(headers, body, secret, 1_800_000_000 + 301)).toEqual({
      ok: false,
      reason: 'timestamp_too_old',
    });
    expect(verifyStandardWebhook(headers, body, secret, 1_800_000_000 - 301)).toEqual({
      ok: false,
      reason: 'timestamp_too_new',
    });
    expect(verifyStandardWebhook(headers, body, secret, 1_800_000_000 + 300)).toEqual({ ok: true });
  });
});
