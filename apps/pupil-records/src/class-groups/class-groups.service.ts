import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import {
  ClassGroupView,
  CreateClassGroupRequest,
  FieldError,
  FindIdsRequest,
  FoundIds,
  isUuid,
  MessageContext,
  YEAR_GROUPS,
  YearGroup,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, idsToFind, uuid7, SchoolContext } from '@pt/platform';
import { classGroupScopeOf } from '../pupils/class-group-scope';
import { PupilRepository } from '../pupils/pupil.repository';
import { ClassGroup } from '../pupils/class-group.entity';
import { ClassGroupRepository } from '../pupils/class-group.repository';

const NAME_MAX = 50;
const notFound = () => BusException.notFound('class_group.not_found', 'The class group does not exist');
const nameTaken = () =>
  BusException.conflict('class_group.name_taken', 'The school already has a class group of this name');

/** A school's class and teaching groups; teachers may be limited to some of them (P19). */
@Injectable()
export class ClassGroupsService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async create(ctx: SchoolContext, request: CreateClassGroupRequest): Promise<ClassGroupView> {
    const { tenantId } = ctx;
    const errors: FieldError[] = [];
    const name = typeof request.name === 'string' ? request.name.trim().replace(/\s+/g, ' ') : '';
    if (name.length < 1 || name.length > NAME_MAX)
      errors.push({ field: 'name', message: `must be 1 to ${NAME_MAX} characters` });
    const yearGroup = request.yearGroup ?? null;
    if (yearGroup !== null && !YEAR_GROUPS.includes(yearGroup)) {
      errors.push({ field: 'yearGroup', message: `must be one of ${YEAR_GROUPS.join(', ')}, or null` });
    }
    if (errors.length) throw BusException.validation(errors);
    try {
      return await this.unitOfWork.forContext(ctx, async (em) => {
        const groups = new ClassGroupRepository(em);
        if (await groups.findByName(name)) throw nameTaken();
        const group = Object.assign(new ClassGroup(), {
          id: uuid7(),
          tenantId,
          name,
          yearGroup,
          createdAt: new Date(),
        });
        groups.add(group);
        await em.flush();
        return toView(group, 0);
      });
    } catch (error) {
      // Two admins creating the same name at once: the unique index decides.
      if (error instanceof UniqueConstraintViolationException) throw nameTaken();
      throw error;
    }
  }

  list(ctx: SchoolContext): Promise<{ items: ClassGroupView[] }> {
    const { tenantId } = ctx;
    return this.unitOfWork.forContext(ctx, async (em) => {
      const groups = new ClassGroupRepository(em);
      const [rows, counts] = await Promise.all([groups.list(classGroupScopeOf(ctx)), groups.pupilCounts(tenantId)]);
      return { items: rows.map((g) => toView(g, counts.get(g.id) ?? 0)) };
    });
  }

  /** Which of these groups the school in ctx has (one query; another school's are not found, as unknown ones). */
  async find(ctx: MessageContext, request: FindIdsRequest): Promise<FoundIds> {
    const ids = idsToFind(request);
    if (!ctx.tenantId || !ids.length) return { found: [] };
    const groups = await this.unitOfWork.forContext(ctx, (em) => new ClassGroupRepository(em).list(ids));
    return { found: groups.map((group) => group.id) };
  }

  /** Only an empty group can go: pupils are moved first, so nobody loses their class by accident. */
  delete(ctx: SchoolContext, classGroupId: string): Promise<{ deleted: true }> {
    if (!isUuid(classGroupId)) throw notFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const groups = new ClassGroupRepository(em);
      const group = await groups.findLocked(classGroupId, 'update');
      const scope = classGroupScopeOf(ctx);
      if (!group || (scope !== null && !scope.includes(group.id))) throw notFound();
      const pupils = await new PupilRepository(em).countInClassGroup(group.id);
      if (pupils > 0) {
        throw BusException.conflict('class_group.in_use', 'Move the pupils of this class group elsewhere first', {
          pupils,
        });
      }
      groups.remove(group);
      return { deleted: true as const };
    });
  }
}

function toView(group: ClassGroup, pupilCount: number): ClassGroupView {
  return {
    id: group.id,
    name: group.name,
    yearGroup: group.yearGroup as YearGroup | null,
    pupilCount,
    version: group.version,
  };
}
