import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CREATE_ROLE,
  DELETE_ROLE,
  GET_ROLE,
  LIST_ROLES,
  MessageContext,
  RoleList,
  RoleView,
  UPDATE_ROLE,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { expectedVersion, setETag } from '../users/etag';
import { CreateRoleDto, UpdateRoleDto } from './roles.dto';
import { ApiNoContent, ApiReply, ETAG, LOCATION_AND_ETAG } from '../openapi/api-reply.decorator';

/**
 * P19: the school's roles, the built-in ones and its own (a name and a subset of the
 * school permissions). Changes apply to holders at their next token refresh.
 */
@ApiTags('roles')
@ApiBearerAuth()
@RequirePermissions('roles:manage')
@Controller()
export class RolesController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/roles')
  @ApiOperation({ summary: 'Built-in and custom roles with their permissions' })
  @ApiReply(LIST_ROLES)
  list(@RequestCtx() ctx: MessageContext): Promise<RoleList> {
    return this.bus.request(LIST_ROLES, ctx, {});
  }

  @Post('api/v1/roles')
  @ApiOperation({ summary: 'Define a custom role (only with permissions you hold yourself)' })
  @ApiReply(CREATE_ROLE, 201, 'Created', LOCATION_AND_ETAG)
  async create(
    @RequestCtx() ctx: MessageContext,
    @Body() body: CreateRoleDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RoleView> {
    const role = await this.bus.request(CREATE_ROLE, ctx, { name: body.name, permissions: body.permissions });
    void reply.header('Location', `/api/v1/roles/${role.id}`);
    setETag(reply, role.version);
    return role;
  }

  @Get('api/v1/roles/:id')
  @ApiOperation({ summary: 'A role and its permissions' })
  @ApiReply(GET_ROLE, 200, 'OK', ETAG)
  async get(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RoleView> {
    const role = await this.bus.request(GET_ROLE, ctx, { roleId: id });
    setETag(reply, role.version);
    return role;
  }

  @Patch('api/v1/roles/:id')
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOperation({ summary: "Rename a custom role or change its permissions (holders' tokens pick it up at refresh)" })
  @ApiReply(UPDATE_ROLE, 200, 'OK', ETAG)
  async update(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateRoleDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RoleView> {
    const role = await this.bus.request(UPDATE_ROLE, ctx, {
      roleId: id,
      expectedVersion: expectedVersion(ifMatch, true),
      changes: { name: body.name, permissions: body.permissions },
    });
    setETag(reply, role.version);
    return role;
  }

  @Delete('api/v1/roles/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a custom role nobody holds (409 role.in_use otherwise)' })
  @ApiNoContent()
  async delete(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.bus.request(DELETE_ROLE, ctx, { roleId: id, expectedVersion: expectedVersion(ifMatch, false) });
  }
}
