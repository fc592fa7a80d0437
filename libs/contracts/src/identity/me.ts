import { definePattern } from '../pattern';

export interface Me {
  userId: string;
  tenantId: string | null;
  kind: 'staff' | 'platform';
  username: string;
  roles: string[];
  /** Policy documents whose current versions this user has not accepted yet (P7). */
  pendingPolicyDocuments: string[];
}

export const GET_ME = definePattern<Record<string, never>, Me>('identity.me.get');
