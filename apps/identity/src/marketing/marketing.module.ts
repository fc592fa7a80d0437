import { Module } from '@nestjs/common';
import { MarketingController } from './marketing.controller';
import { MarketingService } from './marketing.service';

/** Marketing consent (P9): off until turned on, withdrawn by preference or by link. */
@Module({ controllers: [MarketingController], providers: [MarketingService] })
export class MarketingModule {}
