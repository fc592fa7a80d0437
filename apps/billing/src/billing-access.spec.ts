import { accessTableOf } from '@pt/platform';
import { specifyDeclaredAccess } from '@pt/testing';
import pino from 'pino';
import { BillingConfig } from './billing.config';
import { BillingModule } from './billing.module';

// Read from the decorators alone: nothing is started, so the config is never read.
const table = accessTableOf(BillingModule.register({} as BillingConfig, pino({ enabled: false })));

describe('billing: who may send each message, declared beside its handler', () => {
  const ruleOf = specifyDeclaredAccess('billing', table);

  it("a subject-access export is gathered only for the school's rights managers (P22)", () => {
    expect(ruleOf('billing.subject.export')).toBe('school(rights:manage)');
  });

  it("the platform's price list is managed by platform staff who hold billing:plans, outside any school", () => {
    for (const subject of [
      'billing.plan.create',
      'billing.price-version.create',
      'billing.plan.list',
      'billing.plan.get',
      'billing.plan.quote',
    ]) {
      expect([subject, ruleOf(subject)]).toEqual([subject, 'platform(billing:plans)']);
    }
  });

  it("schools' subscriptions are managed by platform staff who hold billing:subscriptions; a school's administrators read their own", () => {
    expect(ruleOf('billing.subscription.create')).toBe('platform(billing:subscriptions)');
    expect(ruleOf('billing.subscription.change-plan')).toBe('platform(billing:subscriptions)');
    expect(ruleOf('billing.subscription.get')).toBe('platform(billing:subscriptions) | school(school:manage)');
  });

  it("schools' invoices are made, issued and voided by platform staff who hold billing:invoices; a school's administrators read their own", () => {
    for (const subject of [
      'billing.invoice.create',
      'billing.invoice.issue',
      'billing.invoice.void',
      'billing.invoice.delete',
    ]) {
      expect([subject, ruleOf(subject)]).toEqual([subject, 'platform(billing:invoices)']);
    }
    expect(ruleOf('billing.credit-note.create')).toBe('platform(billing:invoices)');
    expect(ruleOf('billing.invoice-run.run')).toBe('platform(billing:invoices)');
    expect(ruleOf('billing.payment.record')).toBe('platform(billing:invoices)');
    expect(ruleOf('billing.aged-debt.report')).toBe('platform(billing:invoices)');
    for (const subject of [
      'billing.invoice.get',
      'billing.invoice.list',
      'billing.invoice.pdf',
      'billing.payment.list',
      'billing.statement.get',
      'billing.credit-note.get',
      'billing.credit-note.list',
    ]) {
      expect([subject, ruleOf(subject)]).toEqual([subject, 'platform(billing:invoices) | school(school:manage)']);
    }
  });
  it('webhook endpoints, their delivery log and replays are managed by platform finance (finance:manage) or a finance API key with webhooks:manage (P28)', () => {
    for (const subject of [
      'billing.webhook-endpoint.create',
      'billing.webhook-endpoint.list',
      'billing.webhook-endpoint.get',
      'billing.webhook-endpoint.update',
      'billing.webhook-endpoint.delete',
      'billing.webhook-endpoint.rotate-secret',
      'billing.webhook-attempt.list',
      'billing.webhook-message.replay',
      'billing.webhook-message.replay-range',
    ]) {
      expect([subject, ruleOf(subject)]).toEqual([subject, 'platform(finance:manage) | platform(webhooks:manage)']);
    }
  });

  it('the school lifecycle (P25, P26): run and certificates by platform finance, the grace set and charges by the gateway only', () => {
    expect(ruleOf('billing.lifecycle-run.run')).toBe('platform(billing:invoices)');
    expect(ruleOf('billing.purge-certificate.get')).toBe('platform(billing:invoices)');
    expect(ruleOf('billing.grace-charge.list')).toBe('platform(billing:invoices) | school(school:manage)');
    expect(ruleOf('billing.lifecycle.schools-in-grace')).toBe('system');
    expect(ruleOf('billing.grace-charge.record')).toBe('system');
  });
});
