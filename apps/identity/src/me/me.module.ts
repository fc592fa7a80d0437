import { Module } from '@nestjs/common';
import { PoliciesModule } from '../policies/policies.module';
import { MeController } from './me.controller';

/** The signed-in user's own view of themselves. */
@Module({ imports: [PoliciesModule], controllers: [MeController] })
export class MeModule {}
