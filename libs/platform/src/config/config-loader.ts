import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

type ConfigClass<T> = new () => T;

/** Raised when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the whole environment into a typed, validated config object at start, so that a
 * bad or missing variable stops the service at once with a message naming it, instead of
 * failing on first use hours later. Values are never echoed: some are secrets.
 */
export function loadConfig<T extends object>(schema: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(schema, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.flatMap(describe));
  return Object.freeze(config);
}

function describe(error: ValidationError): string[] {
  const constraints = Object.values(error.constraints ?? {});
  const missing = error.value === undefined;
  const own = constraints.length
    ? [`${error.property}: ${missing ? 'is missing; ' : ''}${constraints.join('; ')}`]
    : [];
  return [...own, ...(error.children ?? []).flatMap(describe)];
}

/** For main.ts: load or print the problems and exit, before anything else starts. */
export function loadConfigOrExit<T extends object>(schema: ConfigClass<T>, service: string): T {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`[${service}] ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
