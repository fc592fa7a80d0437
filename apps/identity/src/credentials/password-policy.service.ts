import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FieldError, IDENTITY_ERRORS } from '@pt/contracts';
import { BusException } from '@pt/platform';
import { DEFAULT_PASSWORD_POLICY, passwordProblems, schoolPasswordPolicy } from './password-policy';
import { PasswordContext } from './password-strength';
import { SchoolSettingsRepository } from './school-settings.repository';

/** Whose password is being set: the school (null: a platform user) and what a guesser would know of them. */
export interface PasswordOwner {
  tenantId: string | null;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
}

/** 400 `password.policy_not_met`, naming the field with each reason (never the password). */
export const passwordRefusal = (problems: FieldError[]): BusException =>
  new BusException({
    kind: 'validation',
    code: IDENTITY_ERRORS.PASSWORD_POLICY_NOT_MET,
    message: 'The password does not meet the policy',
    errors: problems,
  });

/**
 * P2 wherever a password is set (first password from an invitation, reset, change; the
 * bootstrap admin checks the same rules without a database): the platform default plus
 * the school's stricter rules, the deny list of common passwords, and the strength
 * estimate against the owner's names, username, email, school name and the service's name.
 */
@Injectable()
export class PasswordPolicyService {
  /** The problems with `password` for `owner`, named by `field`. */
  async check(em: EntityManager, owner: PasswordOwner, password: string, field: string): Promise<FieldError[]> {
    const school = owner.tenantId ? await new SchoolSettingsRepository(em).passwordSettings(owner.tenantId) : null;
    const policy = school ? schoolPasswordPolicy(school.passwordPolicy) : DEFAULT_PASSWORD_POLICY;
    const context: PasswordContext = {
      username: owner.username,
      email: owner.email,
      firstName: owner.firstName,
      lastName: owner.lastName,
      schoolName: school?.name ?? null,
    };
    return passwordProblems(password, policy, field, context);
  }
}
