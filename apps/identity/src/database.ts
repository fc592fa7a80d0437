import { PolicyAcceptance, PolicyDocument } from './policies/policy-document.entity';
import { School } from './schools/school.entity';
import { CredentialLockout } from './credentials/credential-lockout.entity';
import { RateLimit } from './credentials/rate-limit.entity';
import { Session } from './sessions/session.entity';
import { SigningKey } from './tokens/signing-key.entity';
import { UserAccount } from './users/user.entity';
import { AccessReview } from './users/access-review.entity';
import { UserToken } from './users/user-token.entity';
import { CustomRole } from './roles/custom-role.entity';
import { SupportGrant } from './support/support-grant.entity';
import { SupportSession } from './support/support-session.entity';
import { SchoolNotice } from './notices/notice.entity';
import { MaintenanceScheduleStep, MaintenanceWindow } from './maintenance/maintenance-window.entity';
import { FinanceApiKey } from './finance-api-keys/finance-api-key.entity';
import { IdempotencyRecord } from './idempotency/idempotency-record.entity';
import { MIGRATIONS } from './migrations';

/** The identity service's tables (besides the outbox and inbox every service has) and migrations. */
export const IDENTITY_DATABASE = {
  entities: [
    School,
    UserAccount,
    Session,
    SigningKey,
    PolicyDocument,
    PolicyAcceptance,
    CredentialLockout,
    RateLimit,
    UserToken,
    AccessReview,
    CustomRole,
    SupportGrant,
    SupportSession,
    SchoolNotice,
    MaintenanceWindow,
    MaintenanceScheduleStep,
    FinanceApiKey,
    IdempotencyRecord,
  ],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/identity/src/migrations',
};
