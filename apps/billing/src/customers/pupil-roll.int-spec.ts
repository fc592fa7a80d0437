import {
  CHANGE_SUBSCRIPTION_PLAN,
  CREATE_PLAN,
  CreateSubscriptionRequest,
  PUPIL_COUNT_CHANGED,
  SCHOOL_STATUS_CHANGED,
  SUBSCRIBE_SCHOOL,
} from '@pt/contracts';
import { aPlatformUser, aSchool, anEvent, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startBillingHarness } from '../billing.harness';

describe("the roll: billing records pupil-records' pupil count and prices a subscription by it (billing service)", () => {
  let billing: ServiceHarness;
  const finance = aPlatformUser({ roles: ['finance'] });
  const system = (school: SchoolRef) => ({
    tenantId: school.id,
    actor: { id: null, kind: 'system' as const, roles: [] },
  });
  let plan: string;

  const counted = (school: SchoolRef, pupilsOnRoll: number, occurredAt: string) =>
    anEvent(PUPIL_COUNT_CHANGED, { schoolId: school.id, pupilsOnRoll }, system(school), { occurredAt });

  const rollOf = async (school: SchoolRef) =>
    (
      await billing.sql<{ pupils_on_roll: number }>('select pupils_on_roll from school_roll where tenant_id = $1', [
        school.id,
      ])
    ).map((row) => row.pupils_on_roll);

  const signedSchool = async () => {
    const school = aSchool();
    await billing.deliver(
      anEvent(
        SCHOOL_STATUS_CHANGED,
        { schoolId: school.id, status: 'active', dataProcessingAllowed: true },
        system(school),
      ),
    );
    return school;
  };

  const terms = (school: SchoolRef): CreateSubscriptionRequest => ({
    schoolId: school.id,
    planId: plan,
    startsOn: '2026-09-01',
    endsOn: '2027-08-31',
    billingContactEmail: 'bursar@trust.example',
    legalEntity: {
      kind: 'la_school',
      name: 'Testbury Primary School',
      address: { line1: 'County Hall', town: 'Testbury', postcode: 'TE1 1ST' },
    },
  });

  beforeAll(async () => {
    billing = await startBillingHarness();
    plan = (
      await billing.call(
        CREATE_PLAN,
        {
          code: `roll-${randomUUID().slice(0, 8)}`,
          name: 'Plan',
          price: {
            effectiveFrom: '2026-01-01',
            baseFeePence: 50_000,
            perPupil: { kind: 'linear', perPupilPence: 300 },
            vatRateBasisPoints: 2000,
          },
        },
        finance,
      )
    ).id;
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('records the count; an older count is ignored; a redelivery changes nothing', async () => {
    const school = aSchool();
    const newer = counted(school, 240, '2026-10-02T09:00:00.000Z');
    expect(await billing.deliver(newer)).toEqual(['processed']);
    expect(await rollOf(school)).toEqual([240]);

    expect(await billing.deliver(counted(school, 230, '2026-10-01T09:00:00.000Z'))).toEqual(['processed']);
    expect(await rollOf(school)).toEqual([240]);

    expect(await billing.deliver(counted(school, 250, '2026-10-03T09:00:00.000Z'))).toEqual(['processed']);
    expect(await rollOf(school)).toEqual([250]);
    expect(await billing.deliver(newer)).toEqual(['duplicate']);
    expect(await rollOf(school)).toEqual([250]);
  });

  it('prices a subscription without pupils at the recorded roll; an explicit count overrides it', async () => {
    const school = await signedSchool();
    await billing.deliver(counted(school, 200, '2026-10-01T09:00:00.000Z'));
    const created = await billing.call(SUBSCRIBE_SCHOOL, terms(school), finance);
    expect(created).toMatchObject({ pupils: 200, annual: { net: 110_000, vat: 22_000, gross: 132_000 } });

    await billing.deliver(counted(school, 100, '2026-10-05T09:00:00.000Z'));
    const changed = await billing.call(
      CHANGE_SUBSCRIPTION_PLAN,
      { schoolId: school.id, planId: plan, on: '2027-03-01' },
      finance,
    );
    expect(changed.subscription).toMatchObject({ pupils: 100, annual: { net: 80_000 } });

    const other = await signedSchool();
    const overridden = await billing.call(SUBSCRIBE_SCHOOL, { ...terms(other), pupils: 10 }, finance);
    expect(overridden).toMatchObject({ pupils: 10, annual: { net: 53_000 } });
  });

  it('refuses a subscription with no recorded roll and no count, naming the field', async () => {
    const school = await signedSchool();
    const refused = await billing.attempt(SUBSCRIBE_SCHOOL, terms(school), finance);
    expect(refused.code).toBe('subscription.roll_unknown');
    expect(JSON.stringify(refused)).toContain('pupils');
  });
});
