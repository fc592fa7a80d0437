import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { MaintenanceModule } from '../maintenance/maintenance.module';
import { RolesModule } from '../roles/roles.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { AuthController } from './auth.controller';
import { SessionStarter } from './session-starter';
import { SignInGuard } from './sign-in-guard';
import { SignInRepository } from './sign-in.repository';
import { SignOut } from './sign-out';
import { TokenRefresh } from './token-refresh';

/** Sign-in, refresh and sign-out. */
@Module({
  imports: [CredentialsModule, MaintenanceModule, RolesModule, SessionsModule, TokensModule],
  controllers: [AuthController],
  providers: [SignInRepository, SignInGuard, SessionStarter, TokenRefresh, SignOut],
})
export class AuthModule {}
