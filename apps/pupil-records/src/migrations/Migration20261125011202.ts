import { Migration } from '@mikro-orm/migrations';

export class Migration20261125011202 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "pupil" add column "search_legal_surname" text generated always as (lower(legal_surname)) stored not null, add column "search_legal_forename" text generated always as (lower(legal_forename)) stored not null, add column "search_preferred_surname" text generated always as (lower(preferred_surname)) stored null, add column "search_preferred_forename" text generated always as (lower(preferred_forename)) stored null;`);
    this.addSql(`create index "pupil_search_upn_index" on "pupil" ("tenant_id", "upn" text_pattern_ops);`);
    this.addSql(`create index "pupil_search_preferred_forename_index" on "pupil" ("tenant_id", "search_preferred_forename" text_pattern_ops);`);
    this.addSql(`create index "pupil_search_preferred_surname_index" on "pupil" ("tenant_id", "search_preferred_surname" text_pattern_ops);`);
    this.addSql(`create index "pupil_search_legal_forename_index" on "pupil" ("tenant_id", "search_legal_forename" text_pattern_ops);`);
    this.addSql(`create index "pupil_search_legal_surname_index" on "pupil" ("tenant_id", "search_legal_surname" text_pattern_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "pupil_search_upn_index";`);
    this.addSql(`drop index "pupil_search_preferred_forename_index";`);
    this.addSql(`drop index "pupil_search_preferred_surname_index";`);
    this.addSql(`drop index "pupil_search_legal_forename_index";`);
    this.addSql(`drop index "pupil_search_legal_surname_index";`);
    this.addSql(`alter table "pupil" drop column "search_legal_surname", drop column "search_legal_forename", drop column "search_preferred_surname", drop column "search_preferred_forename";`);
  }

}
