import { Controller } from '@nestjs/common';
import {
  CREATE_PUPIL,
  CreatePupilRequest,
  FIND_PUPILS,
  GET_PUPIL_ATTRIBUTES,
  PupilAttributesReply,
  FindIdsRequest,
  FoundIds,
  MessageContext,
  GET_PUPIL,
  LIST_PUPILS,
  ListPupilsRequest,
  PupilPage,
  PupilView,
  UPDATE_PUPIL,
  UpdatePupilRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { PupilsService } from './pupils.service';

@Controller()
export class PupilsController {
  constructor(private readonly pupils: PupilsService) {}

  @Handles(CREATE_PUPIL)
  @Access(Allow.school('pupils:write'))
  create(@SchoolCtx() ctx: SchoolContext, @MsgData() data: CreatePupilRequest): Promise<PupilView> {
    return this.pupils.create(ctx, data);
  }

  @Handles(FIND_PUPILS)
  @Access(Allow.system())
  find(@MsgCtx() ctx: MessageContext, @MsgData() data: FindIdsRequest): Promise<FoundIds> {
    return this.pupils.find(ctx, data);
  }

  @Handles(GET_PUPIL_ATTRIBUTES)
  @Access(Allow.system())
  attributes(@MsgCtx() ctx: MessageContext, @MsgData() data: FindIdsRequest): Promise<PupilAttributesReply> {
    return this.pupils.attributes(ctx, data);
  }

  @Handles(GET_PUPIL)
  @Access(Allow.school('pupils:read'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { pupilId: string }): Promise<PupilView> {
    return this.pupils.get(ctx, data.pupilId);
  }

  @Handles(UPDATE_PUPIL)
  @Access(Allow.school('pupils:write'))
  update(@SchoolCtx() ctx: SchoolContext, @MsgData() data: UpdatePupilRequest): Promise<PupilView> {
    return this.pupils.update(ctx, data);
  }

  @Handles(LIST_PUPILS)
  @Access(Allow.school('pupils:read'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ListPupilsRequest): Promise<PupilPage> {
    return this.pupils.list(ctx, data);
  }
}
