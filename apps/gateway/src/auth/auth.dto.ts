import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChangePasswordRequest, RefreshRequest, SignInRequest } from '@pt/contracts';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class SignInDto implements Pick<SignInRequest, 'login' | 'password' | 'rememberUsername'> {
  @ApiProperty({ description: 'Username or email', example: 'head.teacher' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  login!: string;

  /** Up to 128 characters are allowed by the policy; longer is refused, never truncated. */
  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;

  /**
   * P4's opt-in: true sets a long-lived `pt_username` cookie holding the username only (not
   * the email, whichever was typed); false removes it; absent leaves it as it is.
   */
  @ApiPropertyOptional({ description: 'Remember the username in a cookie (opt-in)' })
  @IsOptional()
  @IsBoolean()
  rememberUsername?: boolean;
}

export class SignInQueryDto implements Pick<SignInRequest, 'mode'> {
  /** `cookie` (browsers, P4): the tokens go into HttpOnly cookies, with a CSRF token; default `bearer`. */
  @ApiPropertyOptional({ enum: ['bearer', 'cookie'] })
  @IsOptional()
  @IsIn(['bearer', 'cookie'])
  mode?: 'bearer' | 'cookie';
}

export class RefreshDto implements Partial<Pick<RefreshRequest, 'refreshToken'>> {
  /** Absent in cookie mode: the refresh cookie is used (with the `x-csrf-token` header). */
  @ApiPropertyOptional({ description: 'The refresh token; omit it when signed in with cookies' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto implements Omit<ChangePasswordRequest, 'sessionId'> {
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  currentPassword!: string;

  /** Its length is judged by the password policy (at most 128, never truncated); this only bounds the request. */
  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  newPassword!: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: "Seconds until the session's absolute end" }) refreshExpiresIn!: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
}

export class CookieSessionDto {
  @ApiProperty({ description: 'Seconds until the access cookie expires (then refresh)' }) expiresIn!: number;
  @ApiProperty({ description: "Seconds until the session's absolute end" }) refreshExpiresIn!: number;
}

export class SessionInfoDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty({ description: 'When the access token expires (ISO 8601)' }) accessTokenExpiresAt!: string;
}
