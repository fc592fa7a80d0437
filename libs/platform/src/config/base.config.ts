import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';

const toInt = () => Type(() => Number);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface NatsCredentials {
  user: string;
  pass: string;
}

/** Variables every process of the platform reads. */
export class BaseConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** One URL or a comma-separated list of a cluster's URLs. */
  @Matches(/^(nats|tls|wss?):\/\/[^\s,]+(,(nats|tls|wss?):\/\/[^\s,]+)*$/, {
    message: 'must be nats://host:port (comma-separated for a cluster)',
  })
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * The process's own NATS user (deploy/nats/permissions.conf gives each process one, with
   * only the subjects it answers, calls, publishes and consumes). Unset on a development
   * machine, whose NATS has no users; set together with NATS_PASSWORD or not at all.
   */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'must be lower-case letters, digits and - (a process name)' })
  @ValidateBy({
    name: 'withPassword',
    validator: {
      validate: (value: unknown, args) => value === undefined || Boolean((args?.object as BaseConfig).NATS_PASSWORD),
      defaultMessage: () => 'needs NATS_PASSWORD as well',
    },
  })
  NATS_USER?: string;

  /** NATS_USER's password (from a secret, never a manifest); at least 16 characters. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @ValidateBy({
    name: 'withUser',
    validator: {
      validate: (value: unknown, args) => value === undefined || Boolean((args?.object as BaseConfig).NATS_USER),
      defaultMessage: () => 'needs NATS_USER as well',
    },
  })
  NATS_PASSWORD?: string;

  /** Default time a bus request may take before the caller gives up (504). */
  @toInt()
  @IsInt()
  @Min(50)
  @Max(120_000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  /** How long SIGTERM waits for in-flight messages before closing anyway. */
  @toInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * Prefixes every subject (requests, broadcasts, the events stream) so that several
   * stacks share one NATS server without hearing each other: each test run sets its own;
   * production leaves it empty.
   */
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,32}$/, { message: 'must be lower-case letters, digits and _ (max 32)' })
  NATS_NAMESPACE?: string;

  /** Optional port for a service's own Prometheus /metrics (the gateway serves its own on PORT). */
  @IsOptional()
  @toInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** How long files in transit (uploads, exports, downloads) stay in the JetStream object store. */
  @toInt()
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  FILES_TTL_HOURS = 24;

  /** JetStream replicas of the files bucket (3 in a cluster). */
  @toInt()
  @IsIn([1, 3, 5])
  FILES_REPLICAS = 1;

  /** NODE_ENV=test only: the clock's offset from real time at start (tests move it further over the bus). */
  @toInt()
  @IsInt()
  @ValidateBy({
    name: 'testOnly',
    validator: {
      validate: (value: unknown, args) => value === 0 || (args?.object as BaseConfig).NODE_ENV === 'test',
      defaultMessage: () => 'may only be set when NODE_ENV=test',
    },
  })
  CLOCK_OFFSET_MS = 0;

  get natsServers(): string[] {
    return this.NATS_URL.split(',');
  }

  /** The process's NATS user and password, when it has one (see NATS_USER). */
  get natsCredentials(): NatsCredentials | undefined {
    return this.NATS_USER && this.NATS_PASSWORD ? { user: this.NATS_USER, pass: this.NATS_PASSWORD } : undefined;
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

/** Variables of a service that owns a database. */
export class DataServiceConfig extends BaseConfig {
  /**
   * The owner's connection: used only to create the service's database and role and to
   * run migrations. The service itself then connects as its own unprivileged role.
   */
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be postgres://user[:password]@host:port/database' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

  /** Prefix of database and role names, so that several stacks (dev, tests) share one server. */
  @Matches(/^[a-z][a-z0-9_]{0,30}$/, { message: 'must be lower-case letters, digits and _ (max 31)' })
  DB_NAME_PREFIX = 'pupiltrack_';

  /**
   * NODE_ENV=test only: a missing database is cloned from the test run's migrated template
   * of the service (`<prefix><service>_<migrations fingerprint>`, built on first use) instead
   * of migrated from nothing, so a test run migrates each service once.
   */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,30}$/, { message: 'must be lower-case letters, digits and _ (max 31)' })
  @ValidateBy({
    name: 'testOnly',
    validator: {
      validate: (value: unknown, args) => value === undefined || (args?.object as BaseConfig).NODE_ENV === 'test',
      defaultMessage: () => 'may only be set when NODE_ENV=test',
    },
  })
  DB_TEMPLATE_PREFIX?: string;

  /** Password of the service's runtime role; required in production. */
  @IsOptional()
  @IsString()
  @Transform(({ value }) => value)
  DB_APP_PASSWORD?: string;

  @toInt()
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_MAX = 10;

  /** How often the outbox relay looks for events it was not told about (it is also woken on commit). */
  @toInt()
  @IsInt()
  @Min(20)
  @Max(60_000)
  OUTBOX_POLL_MS = 1000;

  /** How long the events stream keeps events for consumers that are down. */
  @toInt()
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  EVENTS_MAX_AGE_HOURS = 24 * 30;

  /** JetStream replicas of the events stream (3 in a NATS cluster). */
  @toInt()
  @IsIn([1, 3, 5])
  EVENTS_REPLICAS = 1;
}
