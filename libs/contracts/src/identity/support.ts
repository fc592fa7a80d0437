import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/**
 * A school's consent for platform support to enter its account (P12): time-boxed, with
 * the permissions the school chose, revocable at any time. Every action taken under it
 * carries its id (ctx.actor.supportGrantId), so the audit trail shows it to the school.
 */
export interface SupportGrantView {
  id: string;
  schoolId: string;
  grantedBy: string;
  reason: string;
  permissions: string[];
  startsAt: string;
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
}

export interface CreateSupportGrantRequest {
  reason: string;
  durationHours: number;
  permissions?: string[];
}

/** A short-lived access token for a support user inside the granting school. */
export interface SupportAccess {
  accessToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
  grantId: string;
  schoolId: string;
}

export const CREATE_SUPPORT_GRANT = definePattern<CreateSupportGrantRequest, SupportGrantView>(
  'identity.support-grant.create',
);
export const LIST_SUPPORT_GRANTS = definePattern<{ activeOnly?: boolean }, { items: SupportGrantView[] }>(
  'identity.support-grant.list',
);
/** One of the school's own grants; another school's answers support_grant.not_found. */
export const GET_SUPPORT_GRANT = definePattern<{ grantId: string }, SupportGrantView>('identity.support-grant.get');
export const REVOKE_SUPPORT_GRANT = definePattern<{ grantId: string }, SupportGrantView>(
  'identity.support-grant.revoke',
);
export const ENTER_WITH_SUPPORT_GRANT = definePattern<{ grantId: string }, SupportAccess>(
  'identity.support-grant.enter',
);

/** What support may do when the school does not choose: look, not change. */
export const DEFAULT_SUPPORT_PERMISSIONS = ['pupils:read', 'assessments:read', 'reports:read', 'users:read'];
export const MAX_SUPPORT_GRANT_HOURS = 24 * 7;

export const SUPPORT_GRANT_CREATED = defineEvent<{ grantId: string; expiresAt: string }>(
  'evt.identity.support-grant.created',
);
export const SUPPORT_GRANT_REVOKED = defineEvent<{ grantId: string }>('evt.identity.support-grant.revoked');
export const SUPPORT_SESSION_STARTED = defineEvent<{ grantId: string; sessionId: string; supportUserId: string }>(
  'evt.identity.support-grant.entered',
);
