import { Controller } from '@nestjs/common';
import {
  FrameworkRuleRef,
  GET_ON_TRACK,
  GET_ON_TRACK_RULE,
  LIST_TARGETS,
  ListTargetsRequest,
  OnTrackRequest,
  OnTrackRuleView,
  OnTrackView,
  GET_PUPIL_TRACKING,
  PupilTrackingRequest,
  PupilTrackingView,
  SET_ON_TRACK_RULE,
  SET_TARGETS,
  SetOnTrackRuleRequest,
  SetTargetsRequest,
  TargetView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { TargetsService } from './targets.service';

@Controller()
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Handles(SET_TARGETS)
  @Access(Allow.school('assessments:write'))
  set(@SchoolCtx() ctx: SchoolContext, @MsgData() data: SetTargetsRequest): Promise<TargetView[]> {
    return this.targets.set(ctx, data);
  }

  @Handles(LIST_TARGETS)
  @Access(Allow.school('assessments:read'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ListTargetsRequest): Promise<TargetView[]> {
    return this.targets.list(ctx, data);
  }

  @Handles(SET_ON_TRACK_RULE)
  @Access(Allow.school('assessments:manage'))
  setRule(@SchoolCtx() ctx: SchoolContext, @MsgData() data: SetOnTrackRuleRequest): Promise<OnTrackRuleView> {
    return this.targets.setRule(ctx, data);
  }

  @Handles(GET_ON_TRACK_RULE)
  @Access(Allow.school('assessments:read'))
  getRule(@SchoolCtx() ctx: SchoolContext, @MsgData() data: FrameworkRuleRef): Promise<OnTrackRuleView> {
    return this.targets.getRule(ctx, data);
  }

  @Handles(GET_ON_TRACK)
  @Access(Allow.school('assessments:read'))
  onTrack(@SchoolCtx() ctx: SchoolContext, @MsgData() data: OnTrackRequest): Promise<OnTrackView> {
    return this.targets.onTrack(ctx, data);
  }

  @Handles(GET_PUPIL_TRACKING)
  @Access(Allow.school('assessments:read'))
  tracking(@SchoolCtx() ctx: SchoolContext, @MsgData() data: PupilTrackingRequest): Promise<PupilTrackingView> {
    return this.targets.tracking(ctx, data);
  }
}
