import { PolicyAcceptance, PolicyDocument } from './policies/policy-document.entity';
import { School } from './schools/school.entity';
import { Session } from './sessions/session.entity';
import { SigningKey } from './tokens/signing-key.entity';
import { UserAccount } from './users/user.entity';
import { MIGRATIONS } from './migrations';

/** The identity service's tables (besides the outbox and inbox every service has) and migrations. */
export const IDENTITY_DATABASE = {
  entities: [School, UserAccount, Session, SigningKey, PolicyDocument, PolicyAcceptance],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/identity/src/migrations',
};
