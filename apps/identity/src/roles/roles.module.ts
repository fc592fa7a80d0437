import { Module } from '@nestjs/common';
import { AccessResolver } from './access-resolver';
import { RolesController } from './roles.controller';
import { RolesService } from './roles.service';

/** A school's roles (P19) and the permissions a user's roles come to. */
@Module({
  controllers: [RolesController],
  providers: [RolesService, AccessResolver],
  exports: [AccessResolver],
})
export class RolesModule {}
