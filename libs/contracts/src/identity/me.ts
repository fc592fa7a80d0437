import { definePattern } from '../pattern';

export interface Me {
  userId: string;
  tenantId: string | null;
  kind: 'staff' | 'platform';
  username: string;
  roles: string[];
  /**
   * What this session may do: the permissions its access token carries, resolved from the
   * roles (built-in and the school's custom ones) when the token was issued, so a change of
   * roles shows here from the next token refresh, exactly when the API starts applying it.
   * Under a support grant, the grant's permissions. Sorted.
   */
  permissions: string[];
  /** Policy documents whose current versions this user has not accepted yet (P7). */
  pendingPolicyDocuments: string[];
}

export const GET_ME = definePattern<Record<string, never>, Me>('identity.me.get');
