/** Error codes of the billing service. */
export const BILLING_ERRORS = {
  PLAN_NOT_FOUND: 'plan.not_found',
  PLAN_CODE_TAKEN: 'plan.code_taken',
  PLAN_NO_PRICE_IN_FORCE: 'plan.no_price_in_force',
  PRICE_VERSION_DATE_TAKEN: 'price_version.date_taken',
} as const;
