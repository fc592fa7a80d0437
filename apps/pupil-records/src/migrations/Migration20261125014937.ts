import { Migration } from '@mikro-orm/migrations';

export class Migration20261125014937 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "pupil_tenant_id_class_group_id_index";`);
    this.addSql(`drop index "pupil_tenant_id_year_group_index";`);

    this.addSql(`create index "pupil_tenant_id_sen_status_legal_surname_legal_for_ccf27_index" on "pupil" ("tenant_id", "sen_status", "legal_surname", "legal_forename", "id");`);
    this.addSql(`create index "pupil_tenant_id_class_group_id_legal_surname_legal_64321_index" on "pupil" ("tenant_id", "class_group_id", "legal_surname", "legal_forename", "id");`);
    this.addSql(`create index "pupil_tenant_id_year_group_legal_surname_legal_for_a436d_index" on "pupil" ("tenant_id", "year_group", "legal_surname", "legal_forename", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "pupil_tenant_id_sen_status_legal_surname_legal_for_ccf27_index";`);
    this.addSql(`drop index "pupil_tenant_id_class_group_id_legal_surname_legal_64321_index";`);
    this.addSql(`drop index "pupil_tenant_id_year_group_legal_surname_legal_for_a436d_index";`);

    this.addSql(`create index "pupil_tenant_id_class_group_id_index" on "pupil" ("tenant_id", "class_group_id");`);
    this.addSql(`create index "pupil_tenant_id_year_group_index" on "pupil" ("tenant_id", "year_group");`);
  }

}
