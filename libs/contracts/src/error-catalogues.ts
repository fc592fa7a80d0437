/**
 * Every error code a client can see, by the service that raises it. The codes are the API:
 * clients switch on them, so one is added here before any code raises it (a unit spec,
 * libs/testing/src/error-code-catalogue.spec.ts, fails on a literal code not declared here).
 */
import { ASSESSMENT_ERRORS } from './assessment/errors';
import { AUDIT_ERRORS } from './audit/errors';
import { BILLING_ERRORS } from './billing/errors';
import { GATEWAY_ERRORS } from './gateway-errors';
import { IDENTITY_ERRORS } from './identity/errors';
import { PLATFORM_ERRORS } from './platform-errors';
import { PUPIL_RECORDS_ERRORS } from './pupils/errors';

export const ERROR_CATALOGUES = {
  platform: PLATFORM_ERRORS,
  gateway: GATEWAY_ERRORS,
  identity: IDENTITY_ERRORS,
  'pupil-records': PUPIL_RECORDS_ERRORS,
  audit: AUDIT_ERRORS,
  assessment: ASSESSMENT_ERRORS,
  billing: BILLING_ERRORS,
} as const;

type Catalogues = typeof ERROR_CATALOGUES;
/** A declared error code (any service's). */
export type ErrorCodeValue = { [S in keyof Catalogues]: Catalogues[S][keyof Catalogues[S]] }[keyof Catalogues];

const DECLARED = new Set<string>(Object.values(ERROR_CATALOGUES).flatMap((catalogue) => Object.values(catalogue)));

export function isDeclaredErrorCode(code: string): code is ErrorCodeValue {
  return DECLARED.has(code);
}
