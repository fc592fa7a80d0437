import { EntityManager } from '@mikro-orm/postgresql';
import { CredentialLockout } from '../credentials/credential-lockout.entity';
import { PolicyAcceptance } from '../policies/policy-document.entity';
import { Session } from '../sessions/session.entity';
import { SupportGrant } from '../support/support-grant.entity';
import { AccessReview } from '../users/access-review.entity';
import { UserAccount } from '../users/user.entity';
import { UserToken } from '../users/user-token.entity';

/**
 * What identity holds about one staff member, read for a subject-access request (P21).
 * Every query is by the user's own id, inside the school's scope (tenant filter and RLS),
 * so nothing of another person can be returned.
 */
export class SubjectExportRepository {
  constructor(private readonly em: EntityManager) {}

  staffUser(userId: string): Promise<UserAccount | null> {
    return this.em.findOne(UserAccount, { id: userId, kind: 'staff' });
  }

  sessions(userId: string): Promise<Session[]> {
    return this.em.find(Session, { userId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  policyAcceptances(userId: string): Promise<PolicyAcceptance[]> {
    return this.em.find(PolicyAcceptance, { userId }, { orderBy: { acceptedAt: 'asc', id: 'asc' } });
  }

  pendingLinks(userId: string): Promise<UserToken[]> {
    return this.em.find(UserToken, { userId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  signInFailures(userId: string): Promise<CredentialLockout | null> {
    return this.em.findOne(CredentialLockout, { userId });
  }

  accessReviewsRecordedBy(userId: string): Promise<AccessReview[]> {
    return this.em.find(AccessReview, { reviewedBy: userId }, { orderBy: { reviewedAt: 'asc', id: 'asc' } });
  }

  supportGrantsGivenBy(userId: string): Promise<SupportGrant[]> {
    return this.em.find(SupportGrant, { grantedBy: userId }, { orderBy: { startsAt: 'asc', id: 'asc' } });
  }
}
