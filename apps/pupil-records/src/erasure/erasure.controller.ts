import { Controller } from '@nestjs/common';
import { ERASE_PUPIL, ErasePupilRequest, ErasureView, MessageContext } from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { ErasureService } from './erasure.service';

@Controller()
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Handles(ERASE_PUPIL)
  erase(@MsgCtx() ctx: MessageContext, @MsgData() data: ErasePupilRequest): Promise<ErasureView> {
    return this.erasure.erase(ctx, data);
  }
}
