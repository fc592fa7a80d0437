/** Error codes of the billing service. */
export const BILLING_ERRORS = {
  PLAN_NOT_FOUND: 'plan.not_found',
  PLAN_CODE_TAKEN: 'plan.code_taken',
  PLAN_NO_PRICE_IN_FORCE: 'plan.no_price_in_force',
  PRICE_VERSION_DATE_TAKEN: 'price_version.date_taken',
  BILLING_CUSTOMER_TERMS_NOT_SIGNED: 'billing_customer.terms_not_signed',
  SUBSCRIPTION_NOT_FOUND: 'subscription.not_found',
  SUBSCRIPTION_EXISTS: 'subscription.exists',
  SUBSCRIPTION_CHANGE_OUTSIDE_TERM: 'subscription.change_outside_term',
  SUBSCRIPTION_ROLL_UNKNOWN: 'subscription.roll_unknown',
  /** P25: the school's data has been purged; it cannot renew (it would sign up afresh). */
  SUBSCRIPTION_PURGED: 'subscription.purged',
  /** Another renewal or change of the subscription committed first; read it again and retry. */
  SUBSCRIPTION_CHANGED_MEANWHILE: 'subscription.changed_meanwhile',
  INVOICE_NOT_FOUND: 'invoice.not_found',
  INVOICE_NOT_DRAFT: 'invoice.not_draft',
  INVOICE_NOT_VOIDABLE: 'invoice.not_voidable',
  INVOICE_PERIOD_INVOICED: 'invoice.period_invoiced',
  INVOICE_PERIOD_OUTSIDE_TERM: 'invoice.period_outside_term',
  /** An annual invoice run could not invoice one school (an unexpected failure, logged); the next run tries again. */
  INVOICE_RUN_SCHOOL_FAILED: 'invoice_run.school_failed',
  PAYMENT_INVOICE_NOT_PAYABLE: 'payment.invoice_not_payable',
  CREDIT_NOTE_NOT_FOUND: 'credit_note.not_found',
  CREDIT_NOTE_INVOICE_NOT_ISSUED: 'credit_note.invoice_not_issued',
  CREDIT_NOTE_EXCEEDS_INVOICE: 'credit_note.exceeds_invoice',
  /** A refund or a use of credit asks for more than the account credit (or the credit note named) has left. */
  REFUND_EXCEEDS_CREDIT: 'refund.exceeds_credit',
  /** A refund of a credit note asks for more than was paid on its invoice (less what was refunded of it already). */
  REFUND_EXCEEDS_PAID: 'refund.exceeds_paid',
  /** Credit used on an invoice asks for more than the invoice owes. */
  CREDIT_EXCEEDS_AMOUNT_DUE: 'credit.exceeds_amount_due',
  /** P25: the school's subscription has expired; its staff may read (each access to pupil data charged) but not change anything. */
  SCHOOL_IN_GRACE: 'school.in_grace',
  /** P25: the school has been purged; a session that outlived it reaches nothing. */
  SCHOOL_PURGED: 'school.purged',
  PURGE_CERTIFICATE_NOT_FOUND: 'purge_certificate.not_found',
  SUBSCRIPTION_NOT_IN_GRACE: 'subscription.not_in_grace',
  WEBHOOK_ENDPOINT_NOT_FOUND: 'webhook_endpoint.not_found',
  /** The URL resolves to an address the platform does not send to (loopback, private, link-local, metadata). */
  WEBHOOK_ENDPOINT_URL_NOT_ALLOWED: 'webhook_endpoint.url_not_allowed',
  WEBHOOK_MESSAGE_NOT_FOUND: 'webhook_message.not_found',
} as const;
