import { Controller } from '@nestjs/common';
import { ERASE_PUPIL, ErasePupilRequest, ErasureView } from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { ErasureService } from './erasure.service';

@Controller()
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Handles(ERASE_PUPIL)
  @Access(Allow.anyOf(Allow.school('pupils:erase'), Allow.school('rights:manage')))
  erase(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ErasePupilRequest): Promise<ErasureView> {
    return this.erasure.erase(ctx, data);
  }
}
