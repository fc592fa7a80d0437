import { Module } from '@nestjs/common';
import { FinanceApiKeyCheckRepository } from './finance-api-key-check.repository';
import { FinanceApiKeysController } from './finance-api-keys.controller';
import { FinanceApiKeysService } from './finance-api-keys.service';

/** Finance systems' API keys (P28): made, rotated and revoked by platform finance, checked for the gateway. */
@Module({
  controllers: [FinanceApiKeysController],
  providers: [FinanceApiKeysService, FinanceApiKeyCheckRepository],
})
export class FinanceApiKeysModule {}
