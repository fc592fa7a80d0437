/** The process's JSON logger (pino), as PlatformModule provides it. */
export const PLATFORM_LOGGER = Symbol('PLATFORM_LOGGER');
