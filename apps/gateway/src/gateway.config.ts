import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { BaseConfig } from '@pt/platform';
import type { ResponseConformance } from './openapi/response-conformance';

export class GatewayConfig extends BaseConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** How long /health/ready waits for each service before naming it down. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(10_000)
  HEALTH_TIMEOUT_MS = 1000;

  /**
   * The bus timeout of the requests that run argon2id: sign-in, changing a password, and
   * setting one with an invitation's or a reset's link. Identity runs at most one hash per core
   * (ARGON2_CONCURRENCY) and queues the rest, and the first password it judges loads the
   * strength estimator's dictionaries, so under a burst these can outlast the default timeout
   * while the work is sound; a 504 there would leave a user unsure whether their password changed.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  PASSWORD_REQUEST_TIMEOUT_MS = 15_000;

  /** Trust X-Forwarded-For from a proxy in front (for the client IP in audit and throttling). */
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  TRUST_PROXY = false;

  /** Largest request body accepted, in bytes (file uploads have their own limits). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /**
   * Origins whose pages may sign a browser in with cookies (`?mode=cookie`): the console's
   * own address(es), comma-separated. A cookie sign-in from any other Origin is refused
   * (login CSRF: a cross-site page signing the victim's browser into the attacker's account).
   */
  @Matches(/^\s*https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*\s*$/, {
    message: 'must be comma-separated origins, e.g. https://app.example.org,http://localhost:3000',
  })
  ALLOWED_ORIGINS = 'http://localhost:3000';

  /**
   * The console's build (apps/console, `npm run build:console`), served at `/`; relative to the
   * working directory. Without an index.html there the gateway serves the API only.
   */
  @IsString()
  CONSOLE_DIR = 'dist/console';

  /**
   * An Idempotency-Key's in-flight record is leased to the gateway running it for its bus
   * timeout (NATS_REQUEST_TIMEOUT_MS) plus this: a retry meanwhile is 409; after it, another
   * gateway may run the request again (the service replays what it recorded with the write).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(300_000)
  IDEMPOTENCY_LEASE_MARGIN_MS = 5000;

  /** The lease in whole seconds: the bus timeout and the margin. */
  get idempotencyLeaseSeconds(): number {
    return Math.ceil((this.NATS_REQUEST_TIMEOUT_MS + this.IDEMPOTENCY_LEASE_MARGIN_MS) / 1000);
  }

  get allowedOrigins(): ReadonlySet<string> {
    return new Set(this.ALLOWED_ORIGINS.split(',').map((origin) => origin.trim().toLowerCase()));
  }
  /**
   * What the gateway does with a response its API document does not describe (issue 16): `off`
   * in production, `log` to find them, `enforce` in the test suites (answered as a 500 instead,
   * so the test that met it fails).
   */
  @IsIn(['off', 'log', 'enforce'])
  RESPONSE_CONFORMANCE: ResponseConformance = 'off';

  // P13: session activity and maintenance windows (issue 7).

  /** Report session activity to identity (batched, throttled); `off` only to measure its cost. */
  @IsIn(['on', 'off'])
  ACTIVITY_REPORTING: 'on' | 'off' = 'on';

  /** A session's activity is reported at most once per this many seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  ACTIVITY_REPORT_INTERVAL_SECONDS = 60;

  /** How often the pending activity is sent, as one fire-and-forget message per batch. */
  @Type(() => Number)
  @IsInt()
  @Min(20)
  @Max(60_000)
  ACTIVITY_FLUSH_MS = 5000;

  /** Maintenance windows are reloaded on every change broadcast and at least this often. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  MAINTENANCE_REFRESH_MS = 60_000;

  /** The schools in grace (reads only, P25) are reloaded on every change billing broadcasts and at least this often. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  SCHOOL_LIFECYCLE_REFRESH_MS = 60_000;
}
