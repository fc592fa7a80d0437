import {
  CREATE_PLAN,
  CreateSubscriptionRequest,
  MessageContext,
  SCHOOL_STATUS_CHANGED,
  SUBSCRIBE_SCHOOL,
} from '@pt/contracts';
import { aSchool, anEvent, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';

/**
 * The billing specs' common ground: a plan (50,000 base a year plus `perPupilPence` a pupil,
 * VAT 20%), and a school that has signed its terms (identity's event delivered) and is
 * subscribed to it for the 2026/27 term year unless told otherwise.
 */
export async function aPlan(billing: ServiceHarness, by: MessageContext, perPupilPence = 300): Promise<string> {
  // A plan code, named apart so the error-code catalogue does not read it as an error's code.
  const planCode = `plan-${randomUUID().slice(0, 8)}`;
  const plan = await billing.call(
    CREATE_PLAN,
    {
      code: planCode,
      name: 'Standard',
      price: {
        effectiveFrom: '2026-01-01',
        baseFeePence: 50_000,
        perPupil: { kind: 'linear', perPupilPence },
        vatRateBasisPoints: 2000,
      },
    },
    by,
  );
  return plan.id;
}

export async function aSubscribedSchool(
  billing: ServiceHarness,
  by: MessageContext,
  terms: Partial<CreateSubscriptionRequest> & { planId: string },
): Promise<SchoolRef> {
  const school = aSchool();
  await billing.deliver(
    anEvent(
      SCHOOL_STATUS_CHANGED,
      { schoolId: school.id, status: 'active', dataProcessingAllowed: true },
      { tenantId: school.id, actor: { id: null, kind: 'system', roles: [] } },
    ),
  );
  await billing.call(
    SUBSCRIBE_SCHOOL,
    {
      schoolId: school.id,
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      pupils: 200,
      billingContactEmail: 'bursar@trust.example',
      legalEntity: {
        kind: 'academy_trust',
        name: 'Oak Learning Trust',
        address: { line1: '1 Trust Way', town: 'Testbury', postcode: 'TE1 1ST' },
      },
      ...terms,
    },
    by,
  );
  return school;
}
