import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FieldError } from '@pt/contracts';
import { DEFAULT_PASSWORD_POLICY, passwordProblems, PasswordPolicy, schoolPasswordPolicy } from './password-policy';
import { SchoolSettingsRepository } from './school-settings.repository';

/**
 * P2 wherever a password is set: the platform default plus the school's stricter rules,
 * and the deny list of common passwords. Called by sign-up, change, reset and admin
 * set-password paths with their own unit of work's EntityManager; keep the signature
 * stable, other features call it.
 */
@Injectable()
export class PasswordPolicyService {
  /** The problems with `password` for a user of `tenantId` (null: a platform user), named by `field`. */
  async check(em: EntityManager, tenantId: string | null, password: string, field: string): Promise<FieldError[]> {
    return passwordProblems(password, await this.policyFor(em, tenantId), field);
  }

  async policyFor(em: EntityManager, tenantId: string | null): Promise<PasswordPolicy> {
    if (!tenantId) return DEFAULT_PASSWORD_POLICY;
    return schoolPasswordPolicy(await new SchoolSettingsRepository(em).passwordPolicy(tenantId));
  }
}
