import { Controller } from '@nestjs/common';
import {
  ClassGroupView,
  CREATE_CLASS_GROUP,
  CreateClassGroupRequest,
  DELETE_CLASS_GROUP,
  LIST_CLASS_GROUPS,
  MessageContext,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { ClassGroupsService } from './class-groups.service';

@Controller()
export class ClassGroupsController {
  constructor(private readonly classGroups: ClassGroupsService) {}

  @Handles(CREATE_CLASS_GROUP)
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateClassGroupRequest): Promise<ClassGroupView> {
    return this.classGroups.create(ctx, data);
  }

  @Handles(LIST_CLASS_GROUPS)
  list(@MsgCtx() ctx: MessageContext): Promise<{ items: ClassGroupView[] }> {
    return this.classGroups.list(ctx);
  }

  @Handles(DELETE_CLASS_GROUP)
  delete(@MsgCtx() ctx: MessageContext, @MsgData() data: { classGroupId: string }): Promise<{ deleted: true }> {
    return this.classGroups.delete(ctx, data.classGroupId);
  }
}
