import { Controller } from '@nestjs/common';
import {
  CREATE_PUPIL,
  CreatePupilRequest,
  GET_PUPIL,
  LIST_PUPILS,
  ListPupilsRequest,
  MessageContext,
  PupilPage,
  PupilView,
  UPDATE_PUPIL,
  UpdatePupilRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { PupilsService } from './pupils.service';

@Controller()
export class PupilsController {
  constructor(private readonly pupils: PupilsService) {}

  @Handles(CREATE_PUPIL)
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreatePupilRequest): Promise<PupilView> {
    return this.pupils.create(ctx, data);
  }

  @Handles(GET_PUPIL)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { pupilId: string }): Promise<PupilView> {
    return this.pupils.get(ctx, data.pupilId);
  }

  @Handles(UPDATE_PUPIL)
  update(@MsgCtx() ctx: MessageContext, @MsgData() data: UpdatePupilRequest): Promise<PupilView> {
    return this.pupils.update(ctx, data);
  }

  @Handles(LIST_PUPILS)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: ListPupilsRequest): Promise<PupilPage> {
    return this.pupils.list(ctx, data);
  }
}
