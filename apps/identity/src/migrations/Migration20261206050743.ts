import { Migration } from '@mikro-orm/migrations';

/**
 * Signing keys sealed at rest (issue 15, item 4): a column for the sealed private key.
 * Existing rows keep their PEM until identity's next start seals them (SigningKeys: the
 * key-encryption key is configuration, which a migration does not have) and empties the
 * old column, now nullable for that reason.
 */
export class Migration20261206050743 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "signing_key" add column "private_key_sealed" text null;`);
    this.addSql(`alter table "signing_key" alter column "private_key_pem" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "signing_key" drop column "private_key_sealed";`);
    this.addSql(`alter table "signing_key" alter column "private_key_pem" set not null;`);
  }

}
