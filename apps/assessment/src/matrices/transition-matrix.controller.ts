import { Controller } from '@nestjs/common';
import {
  GET_TRANSITION_CELL,
  GET_TRANSITION_MATRIX,
  TransitionCellPupilsView,
  TransitionCellRequest,
  TransitionMatrixRequest,
  TransitionMatrixView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { TransitionMatrixService } from './transition-matrix.service';

@Controller()
export class TransitionMatrixController {
  constructor(private readonly matrices: TransitionMatrixService) {}

  @Handles(GET_TRANSITION_MATRIX)
  @Access(Allow.school('assessments:read'))
  matrix(@SchoolCtx() ctx: SchoolContext, @MsgData() data: TransitionMatrixRequest): Promise<TransitionMatrixView> {
    return this.matrices.matrix(ctx, data);
  }

  @Handles(GET_TRANSITION_CELL)
  @Access(Allow.school('assessments:read'))
  cell(@SchoolCtx() ctx: SchoolContext, @MsgData() data: TransitionCellRequest): Promise<TransitionCellPupilsView> {
    return this.matrices.cell(ctx, data);
  }
}
