import { GET_SCHOOL_STATUS, SCHOOL_STATUS_CHANGED, SchoolStatus } from '@pt/contracts';
import { aSchool, anEvent, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { PupilRecordsConfig } from './pupil-records.config';
import { PupilRecordsModule } from './pupil-records.module';

/**
 * The pupil-records service alone, on a database of its own, for its integration specs:
 * its real module behind the bus guard, pipes and filter, without NATS, the gateway or
 * identity (see libs/testing/src/service-harness.ts). Identity's answer about a school it
 * has not heard of yet is "onboarding, not signed", as for a school just created.
 */
export async function startPupilRecordsHarness(env: Record<string, string> = {}): Promise<ServiceHarness> {
  const harness = await ServiceHarness.start({
    service: 'pupil-records',
    configSchema: PupilRecordsConfig,
    module: PupilRecordsModule.register,
    env,
  });
  harness.answer(GET_SCHOOL_STATUS, ({ data }) => ({
    schoolId: data.schoolId,
    status: 'onboarding' as const,
    dataProcessingAllowed: false,
  }));
  return harness;
}

/** Tells pupil-records what identity would publish about a school's status (P11). */
export async function deliverSchoolStatus(
  pupilRecords: ServiceHarness,
  school: SchoolRef,
  status: Omit<SchoolStatus, 'schoolId'>,
): Promise<void> {
  await pupilRecords.deliver(anEvent(SCHOOL_STATUS_CHANGED, { schoolId: school.id, ...status }));
}

/** A school that has signed the data processing terms, as pupil-records knows it. */
export async function aSignedSchool(pupilRecords: ServiceHarness): Promise<SchoolRef> {
  const school = aSchool();
  await deliverSchoolStatus(pupilRecords, school, { status: 'active', dataProcessingAllowed: true });
  return school;
}
