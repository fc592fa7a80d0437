import { Controller } from '@nestjs/common';
import {
  LIFT_PUPIL_RESTRICTION,
  LiftRestrictionRequest,
  LIST_PUPIL_RESTRICTIONS,
  RESTRICT_PUPIL,
  RestrictionView,
  RestrictPupilRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { RestrictionService } from './restriction.service';

@Controller()
export class RestrictionController {
  constructor(private readonly restrictions: RestrictionService) {}

  @Handles(RESTRICT_PUPIL)
  @Access(Allow.school('rights:manage'))
  restrict(@SchoolCtx() ctx: SchoolContext, @MsgData() data: RestrictPupilRequest): Promise<RestrictionView> {
    return this.restrictions.restrict(ctx, data);
  }

  @Handles(LIFT_PUPIL_RESTRICTION)
  @Access(Allow.school('rights:manage'))
  lift(@SchoolCtx() ctx: SchoolContext, @MsgData() data: LiftRestrictionRequest): Promise<RestrictionView> {
    return this.restrictions.lift(ctx, data);
  }

  @Handles(LIST_PUPIL_RESTRICTIONS)
  @Access(Allow.school('pupils:read'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { pupilId: string }): Promise<{ items: RestrictionView[] }> {
    return this.restrictions.list(ctx, data.pupilId);
  }
}
