import { defineEvent } from '../events';
import { definePattern } from '../pattern';
import { SchoolPermission } from './permissions';

/**
 * A role a school can give its staff (P19): one of the built-in roles (permissions.ts),
 * or the school's own custom role, a name and a subset of SCHOOL_PERMISSIONS.
 */
export interface RoleView {
  /** Null for built-in roles, which are named, not stored. */
  id: string | null;
  name: string;
  builtIn: boolean;
  permissions: SchoolPermission[];
  /** Custom roles only: send back as If-Match. */
  version: number | null;
}

export interface RoleList {
  items: RoleView[];
  /** Always null: a school's roles fit one page (custom roles are capped). */
  nextCursor: string | null;
}

export interface CreateRoleRequest {
  name: string;
  permissions: SchoolPermission[];
}

export interface RoleIdRequest {
  roleId: string;
  expectedVersion?: number | null;
}

export interface RoleChanges {
  name?: string;
  permissions?: SchoolPermission[];
}

export interface UpdateRoleRequest extends RoleIdRequest {
  changes: RoleChanges;
}

export const LIST_ROLES = definePattern<Record<string, never>, RoleList>('identity.role.list');
export const GET_ROLE = definePattern<RoleIdRequest, RoleView>('identity.role.get');
export const CREATE_ROLE = definePattern<CreateRoleRequest, RoleView>('identity.role.create');
export const UPDATE_ROLE = definePattern<UpdateRoleRequest, RoleView>('identity.role.update');
export const DELETE_ROLE = definePattern<RoleIdRequest, { deleted: true }>('identity.role.delete');

export interface RoleEvent {
  roleId: string;
}
export interface RoleUpdated extends RoleEvent {
  fields: string[];
  /** Users holding the role: their new permissions apply at their next token refresh. */
  affectedUsers: number;
}

export const ROLE_CREATED = defineEvent<RoleEvent>('evt.identity.role.created');
export const ROLE_UPDATED = defineEvent<RoleUpdated>('evt.identity.role.updated');
export const ROLE_DELETED = defineEvent<RoleEvent>('evt.identity.role.deleted');
