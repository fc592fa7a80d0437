import { Controller } from '@nestjs/common';
import {
  LIFT_PUPIL_RESTRICTION,
  LiftRestrictionRequest,
  LIST_PUPIL_RESTRICTIONS,
  MessageContext,
  RESTRICT_PUPIL,
  RestrictionView,
  RestrictPupilRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { RestrictionService } from './restriction.service';

@Controller()
export class RestrictionController {
  constructor(private readonly restrictions: RestrictionService) {}

  @Handles(RESTRICT_PUPIL)
  restrict(@MsgCtx() ctx: MessageContext, @MsgData() data: RestrictPupilRequest): Promise<RestrictionView> {
    return this.restrictions.restrict(ctx, data);
  }

  @Handles(LIFT_PUPIL_RESTRICTION)
  lift(@MsgCtx() ctx: MessageContext, @MsgData() data: LiftRestrictionRequest): Promise<RestrictionView> {
    return this.restrictions.lift(ctx, data);
  }

  @Handles(LIST_PUPIL_RESTRICTIONS)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: { pupilId: string }): Promise<{ items: RestrictionView[] }> {
    return this.restrictions.list(ctx, data.pupilId);
  }
}
