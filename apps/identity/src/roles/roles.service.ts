import { Injectable } from '@nestjs/common';
import {
  BUILT_IN_SCHOOL_ROLES,
  CreateRoleRequest,
  isSchoolPermission,
  MessageContext,
  ROLE_CREATED,
  ROLE_DELETED,
  ROLE_UPDATED,
  RoleIdRequest,
  RoleList,
  RoleView,
  SchoolPermission,
  UpdateRoleRequest,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, checkVersion, SchoolContext, stageEvent, uuid7 } from '@pt/platform';
import { UserRepository } from '../users/user.repository';
import { lockUserAdministration } from '../users/users.service';
import { CustomRole } from './custom-role.entity';
import { CustomRoleRepository } from './custom-role.repository';
import { missingPermissions, RESERVED_ROLE_NAMES, SchoolRoleCatalog } from './role-catalog';

/** Enough for any school's structure, small enough to list on one page. */
export const MAX_CUSTOM_ROLES = 100;

const roleNotFound = () => BusException.notFound('role.not_found', 'The role does not exist');

/**
 * P19: a school's own roles next to the built-in ones. A custom role is a name and a
 * subset of SCHOOL_PERMISSIONS; nobody can put into a role a permission they do not hold.
 * Changing a role's permissions applies to its holders at their next token refresh
 * (within one access-token lifetime); their sessions are not ended.
 */
@Injectable()
export class RolesService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async list(ctx: SchoolContext): Promise<RoleList> {
    const { tenantId } = ctx;
    const custom = await this.unitOfWork.forContext(ctx, (em) => new CustomRoleRepository(em).allOf(tenantId));
    const builtIn: RoleView[] = Object.entries(BUILT_IN_SCHOOL_ROLES).map(([name, permissions]) => ({
      id: null,
      name,
      builtIn: true,
      permissions: [...permissions],
      version: null,
    }));
    return { items: [...builtIn, ...custom.map(toRoleView)], nextCursor: null };
  }

  async get(ctx: SchoolContext, request: RoleIdRequest): Promise<RoleView> {
    const { tenantId } = ctx;
    const role = await this.unitOfWork.forContext(ctx, (em) =>
      new CustomRoleRepository(em).findById(tenantId, request.roleId),
    );
    if (!role) throw roleNotFound();
    return toRoleView(role);
  }

  create(ctx: SchoolContext, request: CreateRoleRequest): Promise<RoleView> {
    const { tenantId } = ctx;
    const name = request.name.trim();
    const permissions = this.checkPermissions(ctx, request.permissions);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const roles = new CustomRoleRepository(em);
      await this.checkName(roles, tenantId, name);
      if ((await roles.countOf(tenantId)) >= MAX_CUSTOM_ROLES) {
        throw BusException.conflict('role.limit_reached', `A school can define at most ${MAX_CUSTOM_ROLES} roles`);
      }
      const role = new CustomRole();
      role.id = uuid7();
      role.tenantId = tenantId;
      role.name = name;
      role.permissions = permissions;
      roles.add(role);
      stageEvent(em, ROLE_CREATED, ctx, { roleId: role.id });
      await em.flush();
      return toRoleView(role);
    });
  }

  /** A rename rewrites the role lists of its holders in the same transaction, so nobody loses it. */
  update(ctx: SchoolContext, request: UpdateRoleRequest): Promise<RoleView> {
    const { tenantId } = ctx;
    const permissions = request.changes.permissions && this.checkPermissions(ctx, request.changes.permissions);
    return this.unitOfWork.forContext(ctx, async (em) => {
      await lockUserAdministration(em, tenantId);
      const roles = new CustomRoleRepository(em);
      const role = await roles.findById(tenantId, request.roleId);
      if (!role) throw roleNotFound();
      checkVersion(role.version, request.expectedVersion);
      const users = new UserRepository(em);
      const managersBefore = await countManagers(em, tenantId);
      const fields: string[] = [];
      const name = request.changes.name?.trim();
      if (name !== undefined && name !== role.name) {
        await this.checkName(roles, tenantId, name, role.id);
        await users.renameRole(tenantId, role.name, name);
        role.name = name;
        fields.push('name');
      }
      if (permissions && !sameSet(permissions, role.permissions)) {
        role.permissions = permissions;
        fields.push('permissions');
      }
      if (!fields.length) return toRoleView(role);
      await em.flush();
      // P8: taking users:manage out of a role must not leave the school without a manager.
      if (managersBefore > 0 && (await countManagers(em, tenantId)) === 0) {
        throw BusException.conflict(
          'user.last_admin',
          'The school must keep at least one active user who can manage users',
        );
      }
      const affectedUsers = await users.countWithRole(tenantId, role.name);
      stageEvent(em, ROLE_UPDATED, ctx, { roleId: role.id, fields, affectedUsers });
      return toRoleView(role);
    });
  }

  /** A role still held by someone is not deleted (409): the school first moves its holders. */
  async delete(ctx: SchoolContext, request: RoleIdRequest): Promise<{ deleted: true }> {
    const { tenantId } = ctx;
    await this.unitOfWork.forContext(ctx, async (em) => {
      await lockUserAdministration(em, tenantId);
      const roles = new CustomRoleRepository(em);
      const role = await roles.findById(tenantId, request.roleId);
      if (!role) throw roleNotFound();
      checkVersion(role.version, request.expectedVersion);
      const holders = await new UserRepository(em).countWithRole(tenantId, role.name);
      if (holders > 0) {
        throw BusException.conflict('role.in_use', 'The role is still given to users; change their roles first', {
          users: holders,
        });
      }
      roles.remove(role);
      stageEvent(em, ROLE_DELETED, ctx, { roleId: role.id });
    });
    return { deleted: true };
  }

  private checkPermissions(ctx: MessageContext, requested: string[]): SchoolPermission[] {
    const permissions = [...new Set(requested)].sort();
    const unknown = permissions.filter((permission) => !isSchoolPermission(permission));
    if (unknown.length) {
      throw BusException.validation([
        { field: 'permissions', message: `not a school permission: ${unknown.join(', ')}` },
      ]);
    }
    const missing = missingPermissions(permissions as SchoolPermission[], ctx.actor.permissions ?? []);
    if (missing.length) {
      throw BusException.forbidden('role.escalation', 'You cannot give a role permissions you do not hold', {
        missing,
      });
    }
    return permissions as SchoolPermission[];
  }

  private async checkName(roles: CustomRoleRepository, tenantId: string, name: string, exceptId?: string) {
    if (RESERVED_ROLE_NAMES.has(name.toLowerCase()) || (await roles.nameTaken(tenantId, name, exceptId))) {
      throw BusException.conflict('role.name_taken', 'A role with this name already exists', { field: 'name' });
    }
  }
}

async function countManagers(em: Parameters<typeof SchoolRoleCatalog.load>[0], tenantId: string): Promise<number> {
  const catalog = await SchoolRoleCatalog.load(em, tenantId);
  return new UserRepository(em).countActiveStaffWithAnyRole(tenantId, catalog.rolesGranting('users:manage'));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

function toRoleView(role: CustomRole): RoleView {
  return { id: role.id, name: role.name, builtIn: false, permissions: role.permissions, version: role.version };
}
