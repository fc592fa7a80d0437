import { Controller } from '@nestjs/common';
import {
  ClassGroupView,
  CREATE_CLASS_GROUP,
  CreateClassGroupRequest,
  DELETE_CLASS_GROUP,
  FIND_CLASS_GROUPS,
  FindIdsRequest,
  FoundIds,
  LIST_CLASS_GROUPS,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { MessageContext } from '@pt/contracts';
import { ClassGroupsService } from './class-groups.service';

@Controller()
export class ClassGroupsController {
  constructor(private readonly classGroups: ClassGroupsService) {}

  @Handles(CREATE_CLASS_GROUP)
  @Access(Allow.school('pupils:write'))
  create(@SchoolCtx() ctx: SchoolContext, @MsgData() data: CreateClassGroupRequest): Promise<ClassGroupView> {
    return this.classGroups.create(ctx, data);
  }

  @Handles(LIST_CLASS_GROUPS)
  @Access(Allow.school('pupils:read'))
  list(@SchoolCtx() ctx: SchoolContext): Promise<{ items: ClassGroupView[] }> {
    return this.classGroups.list(ctx);
  }

  @Handles(FIND_CLASS_GROUPS)
  @Access(Allow.system())
  find(@MsgCtx() ctx: MessageContext, @MsgData() data: FindIdsRequest): Promise<FoundIds> {
    return this.classGroups.find(ctx, data);
  }

  @Handles(DELETE_CLASS_GROUP)
  @Access(Allow.school('pupils:write'))
  delete(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { classGroupId: string }): Promise<{ deleted: true }> {
    return this.classGroups.delete(ctx, data.classGroupId);
  }
}
