import { Type } from 'class-transformer';
import { IsEmpty, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { DataServiceConfig, keyEncryptionKeyOf } from '@pt/platform';

const inProduction = (config: BillingConfig) => config.NODE_ENV === 'production';

/**
 * The supplier printed on every invoice and credit note (VAT Regulations 1995 reg. 14(1)(d):
 * name, address and VAT registration number). Required in production; development and
 * tests print an obviously made-up supplier.
 */
export class BillingConfig extends DataServiceConfig {
  @ValidateIf((c: BillingConfig) => inProduction(c) || c.BILLING_SUPPLIER_NAME !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  BILLING_SUPPLIER_NAME?: string;

  /** Address lines separated by `|`, e.g. `1 High Street|Testbury|TE1 1ST`. */
  @ValidateIf((c: BillingConfig) => inProduction(c) || c.BILLING_SUPPLIER_ADDRESS !== undefined)
  @IsString()
  @Matches(/^[^|]{1,100}(\|[^|]{1,100}){1,5}$/, { message: 'must be 2 to 6 address lines separated by |' })
  BILLING_SUPPLIER_ADDRESS?: string;

  /** A UK VAT registration number: GB and 9 digits (or 12 for a group branch). */
  @ValidateIf((c: BillingConfig) => inProduction(c) || c.BILLING_SUPPLIER_VAT_NUMBER !== undefined)
  @Matches(/^GB(\d{9}|\d{12})$/, { message: 'must be GB followed by 9 or 12 digits' })
  BILLING_SUPPLIER_VAT_NUMBER?: string;

  /**
   * The key-encryption key (32 bytes, base64: `openssl rand -base64 32`) that seals the
   * webhook endpoints' signing secrets in the database (AES-256-GCM, KeyWrap as identity
   * seals its signing keys), so a database read alone cannot forge a webhook. Required in
   * production; a fixed development key otherwise.
   */
  @ValidateIf((c: BillingConfig) => inProduction(c) || c.KEY_ENCRYPTION_KEY !== undefined)
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes in base64 (openssl rand -base64 32)' })
  KEY_ENCRYPTION_KEY?: string;

  get keyEncryptionKey(): Buffer {
    return keyEncryptionKeyOf(this.KEY_ENCRYPTION_KEY);
  }

  /** Days from an invoice's issue to its due date. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  BILLING_PAYMENT_TERMS_DAYS = 30;

  /** How often the annual invoice run looks for term years to invoice; 0: only on demand. At most 24 days (a timer's limit). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(576)
  BILLING_INVOICE_RUN_INTERVAL_HOURS = 24;

  /**
   * How often the school lifecycle (expiry, purge, retention: P25, P27) looks at the day; 0:
   * only on demand. Each run catches up on everything due, so a longer interval only delays.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1440)
  BILLING_LIFECYCLE_INTERVAL_MINUTES = 60;

  /**
   * Addresses webhooks may go to although internal (`127.0.0.1`, `127.0.0.0/8`, `::1/128`),
   * comma-separated: for tests and the benchmark's local receiver only. Refused in
   * production, where webhooks go only to public addresses over https.
   */
  @ValidateIf((c: BillingConfig) => inProduction(c))
  @IsEmpty({ message: 'must not be set in production: webhooks go only to public addresses' })
  BILLING_WEBHOOK_ALLOWED_ADDRESSES?: string;

  /** How often each replica looks for webhook deliveries due (besides right after an event); 0: only on demand. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  BILLING_WEBHOOK_DISPATCH_MS = 1000;

  /** How long a receiver has to answer one attempt (Standard Webhooks: 15-30 s). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(30_000)
  BILLING_WEBHOOK_TIMEOUT_MS = 15_000;

  /** An endpoint that has failed every attempt for this long is disabled, with a notice. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  BILLING_WEBHOOK_DISABLE_AFTER_HOURS = 72;

  get webhookAllowedAddresses(): string[] {
    return (this.BILLING_WEBHOOK_ALLOWED_ADDRESSES ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  }

  get supplier(): { name: string; address: string[]; vatNumber: string } {
    return {
      name: this.BILLING_SUPPLIER_NAME ?? 'Pupil Tracking Development Ltd',
      address: (this.BILLING_SUPPLIER_ADDRESS ?? '1 Example Street|Testbury|TE1 1ST').split('|').map((l) => l.trim()),
      vatNumber: this.BILLING_SUPPLIER_VAT_NUMBER ?? 'GB999999973',
    };
  }
}
