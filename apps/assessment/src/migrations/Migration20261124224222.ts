import { Migration } from '@mikro-orm/migrations';

/**
 * The start of the service's own history. It once created the outbox and inbox tables
 * every service has; those now come from the platform's migrations (PLATFORM_MIGRATIONS
 * in libs/persistence, applied first), so it holds nothing. Databases that ran it keep it
 * on record, and the platform's migration finds their tables already there.
 */
export class Migration20261124224222 extends Migration {
  override async up(): Promise<void> {}

  override async down(): Promise<void> {}
}
