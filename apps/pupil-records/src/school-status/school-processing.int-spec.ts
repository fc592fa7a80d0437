import { randomUUID } from 'node:crypto';
import { GET_SCHOOL_STATUS, SchoolStatus } from '@pt/contracts';
import { tenantScope } from '@pt/persistence';
import { BusClient, BusException } from '@pt/platform';
import { TestDatabase } from '@pt/testing';
import { SchoolProcessing } from './school-processing';
import { SchoolStatusRepository } from './school-status.repository';
import { pupilRecordsTestDatabase } from '../pupil-records.test-database';

let db: TestDatabase;

beforeAll(async () => {
  db = await pupilRecordsTestDatabase('schoolproc');
});

afterAll(async () => {
  await db?.drop();
});

/** Identity as the bus would answer, counting how often it is asked. */
function identityAnswering(answer: (schoolId: string) => SchoolStatus | BusException) {
  const asked: string[] = [];
  const bus = {
    async request(pattern: { subject: string }, _ctx: unknown, data: { schoolId: string }) {
      expect(pattern.subject).toBe(GET_SCHOOL_STATUS.subject);
      asked.push(data.schoolId);
      const reply = answer(data.schoolId);
      if (reply instanceof BusException) throw reply;
      return reply;
    },
  } as unknown as BusClient;
  return { processing: new SchoolProcessing(bus), asked };
}

const check = (processing: SchoolProcessing, schoolId: string) =>
  db.unitOfWork.run(tenantScope(schoolId), (em) => processing.assertAllowed(em, schoolId));

/** As the durable consumer applies SCHOOL_STATUS_CHANGED. */
const applyEvent = (status: SchoolStatus, occurredAt: Date) =>
  db.unitOfWork.run(tenantScope(status.schoolId), (em) =>
    new SchoolStatusRepository(em).record({
      tenantId: status.schoolId,
      status: status.status,
      dataProcessingAllowed: status.dataProcessingAllowed,
      asOf: occurredAt,
    }),
  );

describe('P11: no pupil data is processed before the school signed the data processing terms', () => {
  it('P11: asks identity about a school it has not heard of and refuses while the terms are unsigned', async () => {
    const schoolId = randomUUID();
    const { processing, asked } = identityAnswering(() => ({
      schoolId,
      status: 'onboarding',
      dataProcessingAllowed: false,
    }));
    await expect(check(processing, schoolId)).rejects.toMatchObject({
      body: { kind: 'conflict', code: 'school.data_processing_not_signed' },
    });
    expect(asked).toEqual([schoolId]);
  });

  it('P11: allows a signed school, asking identity only the first time', async () => {
    const schoolId = randomUUID();
    const { processing, asked } = identityAnswering(() => ({
      schoolId,
      status: 'active',
      dataProcessingAllowed: true,
    }));
    await check(processing, schoolId);
    await check(processing, schoolId);
    expect(asked).toEqual([schoolId]);
  });

  it('P11: follows the status events: a signature allows, a later suspension refuses, an older event read late changes nothing', async () => {
    const schoolId = randomUUID();
    const { processing, asked } = identityAnswering(() => {
      throw new Error('identity must not be asked when the status is known');
    });
    const t = Date.now();
    await applyEvent({ schoolId, status: 'onboarding', dataProcessingAllowed: false }, new Date(t - 3000));
    await expect(check(processing, schoolId)).rejects.toMatchObject({
      body: { code: 'school.data_processing_not_signed' },
    });
    await applyEvent({ schoolId, status: 'active', dataProcessingAllowed: true }, new Date(t - 2000));
    await check(processing, schoolId);
    await applyEvent({ schoolId, status: 'suspended', dataProcessingAllowed: false }, new Date(t - 1000));
    await expect(check(processing, schoolId)).rejects.toMatchObject({
      body: { code: 'school.data_processing_not_signed' },
    });
    // Redelivered late: the signature event is older than the suspension and must not undo it.
    await applyEvent({ schoolId, status: 'active', dataProcessingAllowed: true }, new Date(t - 2000));
    await expect(check(processing, schoolId)).rejects.toMatchObject({
      body: { code: 'school.data_processing_not_signed' },
    });
    expect(asked).toEqual([]);
  });

  it('P11: a school identity does not know is refused; identity being down is an error, not a yes', async () => {
    const unknown = randomUUID();
    const { processing } = identityAnswering(() => BusException.notFound('school.not_found', 'no such school'));
    await expect(check(processing, unknown)).rejects.toMatchObject({
      body: { code: 'school.data_processing_not_signed' },
    });
    const down = identityAnswering(() => BusException.unavailable('service.unavailable', 'identity is down'));
    await expect(check(down.processing, randomUUID())).rejects.toMatchObject({ body: { kind: 'unavailable' } });
  });
});
