import { Allow } from '@pt/platform';

/**
 * Who may verify, checkpoint, prune and remind across every school's chain: platform
 * auditors outside any school (the gateway asks for audit:platform), or the platform's
 * own jobs.
 */
export const PLATFORM_AUDITORS = Allow.anyOf(Allow.platform('audit:platform'), Allow.system());
