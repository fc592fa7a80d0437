import { EntityManager } from '@mikro-orm/postgresql';
import { Consent } from './consent.entity';

/** The only place that queries consent records; the tenant filter and RLS scope every read. */
export class ConsentRepository {
  constructor(private readonly em: EntityManager) {}

  /** Every record of the pupil, newest first. */
  historyOf(pupilId: string): Promise<Consent[]> {
    return this.em.find(Consent, { pupilId }, { orderBy: { recordedAt: 'desc', id: 'desc' } });
  }

  /** Consents the guardian gave or withdrew, newest first. */
  byGuardian(guardianId: string): Promise<Consent[]> {
    return this.em.find(
      Consent,
      { $or: [{ givenByGuardianId: guardianId }, { withdrawnByGuardianId: guardianId }] },
      { orderBy: { recordedAt: 'desc', id: 'desc' } },
    );
  }

  findOf(pupilId: string, consentId: string): Promise<Consent | null> {
    return this.em.findOne(Consent, { id: consentId, pupilId });
  }

  standing(pupilId: string, kind: string): Promise<Consent | null> {
    return this.em.findOne(Consent, { pupilId, kind, withdrawalRecordedAt: null });
  }

  /** Whether a consent the guardian gave still stands. */
  async standingGivenBy(pupilId: string, guardianId: string): Promise<boolean> {
    const count = await this.em.count(Consent, { pupilId, givenByGuardianId: guardianId, withdrawalRecordedAt: null });
    return count > 0;
  }

  add(consent: Consent): void {
    this.em.persist(consent);
  }
}
