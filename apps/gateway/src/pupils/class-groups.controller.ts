import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ClassGroupView,
  CREATE_CLASS_GROUP,
  DELETE_CLASS_GROUP,
  LIST_CLASS_GROUPS,
  MessageContext,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreateClassGroupDto } from './pupils.dto';
import { ApiReply, ApiNoContent } from '../openapi/api-reply.decorator';

/** The school's class and teaching groups; teachers limited to some see only those (P19). */
@ApiTags('class-groups')
@ApiBearerAuth()
@Controller()
export class ClassGroupsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/class-groups')
  @RequirePermissions('pupils:write')
  @ApiOperation({ summary: 'Add a class group (names are unique within the school)' })
  @ApiReply(CREATE_CLASS_GROUP, 201)
  create(@RequestCtx() ctx: MessageContext, @Body() body: CreateClassGroupDto): Promise<ClassGroupView> {
    return this.bus.request(CREATE_CLASS_GROUP, ctx, body);
  }

  @Get('api/v1/class-groups')
  @RequirePermissions('pupils:read')
  @ApiOperation({ summary: 'The class groups by name, with their pupil counts' })
  @ApiReply(LIST_CLASS_GROUPS)
  list(@RequestCtx() ctx: MessageContext): Promise<{ items: ClassGroupView[] }> {
    return this.bus.request(LIST_CLASS_GROUPS, ctx, {});
  }

  @Delete('api/v1/class-groups/:id')
  @HttpCode(204)
  @RequirePermissions('pupils:write')
  @ApiOperation({ summary: 'Remove an empty class group (409 class_group.in_use while pupils are in it)' })
  @ApiNoContent()
  async remove(@RequestCtx() ctx: MessageContext, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.bus.request(DELETE_CLASS_GROUP, ctx, { classGroupId: id });
  }
}
