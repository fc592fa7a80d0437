import { defineEvent } from '../events';

export interface UserCreated {
  userId: string;
  kind: 'staff' | 'platform';
}
export const USER_CREATED = defineEvent<UserCreated>('evt.identity.user.created');
