import { Module } from '@nestjs/common';
import { SigningKeys } from './signing-keys';
import { SigningKeysController } from './signing-keys.controller';
import { TokenIssuer } from './token-issuer';

/** Access tokens and the keys that sign them. */
@Module({
  controllers: [SigningKeysController],
  providers: [SigningKeys, TokenIssuer],
  exports: [TokenIssuer],
})
export class TokensModule {}
