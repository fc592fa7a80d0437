import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { CredentialsController } from './credentials.controller';
import { PasswordChangeService } from './password-change.service';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicyService } from './password-policy.service';
import { RateLimiter } from './rate-limiter';
import { SignInThrottle } from './sign-in-throttle';

/** Passwords (hashing, policy, change) and the throttles that guard guessing them (P3). */
@Module({
  imports: [SessionsModule],
  controllers: [CredentialsController],
  providers: [PasswordHasher, PasswordPolicyService, RateLimiter, SignInThrottle, PasswordChangeService],
  exports: [PasswordHasher, PasswordPolicyService, RateLimiter, SignInThrottle],
})
export class CredentialsModule {}
