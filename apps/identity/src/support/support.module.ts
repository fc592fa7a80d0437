import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { SupportGrantsController } from './support-grants.controller';
import { SupportGrantsService } from './support-grants.service';

/** Support access under a school's own, time-boxed grant (P12). */
@Module({
  imports: [SessionsModule, TokensModule],
  controllers: [SupportGrantsController],
  providers: [SupportGrantsService],
})
export class SupportModule {}
