import { Entity, Index, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * A pupil on a school's register (P14). Columns mirror `PupilFields` in the contracts;
 * optional facts are null when nobody has supplied them, so an import that lacks a
 * section never invents a value for it (P15). `senNeeds` is special-category data: kept
 * only while the special-category consent stands (P16).
 */
@Entity({ tableName: 'pupil' })
@Unique({ properties: ['tenantId', 'upn'] })
@Index({ properties: ['tenantId', 'legalSurname', 'legalForename', 'id'] })
// Filtered lists walk these in name order, so that a page of one year, class or SEN status
// is found without reading the other pupils (keyset pagination, P14).
@Index({ properties: ['tenantId', 'yearGroup', 'legalSurname', 'legalForename', 'id'] })
@Index({ properties: ['tenantId', 'classGroupId', 'legalSurname', 'legalForename', 'id'] })
@Index({ properties: ['tenantId', 'senStatus', 'legalSurname', 'legalForename', 'id'] })
@Index({ name: 'pupil_search_legal_surname_index', expression: searchIndex('search_legal_surname') })
@Index({ name: 'pupil_search_legal_forename_index', expression: searchIndex('search_legal_forename') })
@Index({ name: 'pupil_search_preferred_surname_index', expression: searchIndex('search_preferred_surname') })
@Index({ name: 'pupil_search_preferred_forename_index', expression: searchIndex('search_preferred_forename') })
@Index({ name: 'pupil_search_upn_index', expression: searchIndex('upn') })
export class Pupil {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) upn!: string;
  @Property({ type: 'text' }) legalForename!: string;
  @Property({ type: 'text' }) legalSurname!: string;
  @Property({ type: 'text', nullable: true }) middleNames: string | null = null;
  @Property({ type: 'text', nullable: true }) preferredForename: string | null = null;
  @Property({ type: 'text', nullable: true }) preferredSurname: string | null = null;
  @Property({ type: 'date' }) dateOfBirth!: string;
  @Property({ type: 'text' }) gender: string = 'U';
  @Property({ type: 'text', nullable: true }) ethnicity: string | null = null;
  @Property({ type: 'text' }) yearGroup!: string;
  @Property({ type: 'uuid', nullable: true }) classGroupId: string | null = null;
  @Property({ type: 'integer', nullable: true }) attendancePossible: number | null = null;
  @Property({ type: 'integer', nullable: true }) attendanceAttended: number | null = null;
  @Property({ type: 'text' }) senStatus: string = 'none';
  @Property({ type: 'text[]', nullable: true }) senNeeds: string[] | null = null;
  @Property({ type: 'boolean' }) fsm = false;
  @Property({ type: 'boolean' }) fsm6 = false;
  @Property({ type: 'boolean' }) pupilPremium = false;
  @Property({ type: 'boolean' }) eal = false;
  @Property({ type: 'boolean' }) inLaCare = false;
  @Property({ type: 'boolean' }) everInCare = false;
  @Property({ type: 'boolean' }) giftedAndTalented = false;
  @Property({ type: 'date', nullable: true }) entryDate: string | null = null;
  @Property({ type: 'date', nullable: true }) leavingDate: string | null = null;
  /** Kept by the photographs module; the photo itself lives in its own table. */
  @Property({ type: 'boolean' }) hasPhoto = false;
  /**
   * Kept by the consents module from the live consent records, so that every read and
   * write can apply P16 without a join: special-category data (SEN need, health notes)
   * is stored and shown only while `specialCategoryConsent`, a photo only while `photoConsent`.
   */
  @Property({ type: 'boolean' }) specialCategoryConsent = false;
  @Property({ type: 'boolean' }) photoConsent = false;
  /** P18: read-only and out of analysis and exports while true. */
  @Property({ type: 'boolean' }) restricted = false;
  @Property({ type: 'datetime' }) createdAt: Date = new Date();
  @Property({ type: 'datetime' }) updatedAt: Date = new Date();
  @Property({ type: 'integer' }) version = 1;

  /*
   * Lower-cased names for prefix search, kept by the database so that every writer (forms,
   * CTF and CSV imports) keeps them right. Stored columns rather than expression indexes:
   * under row-level security PostgreSQL uses an index only for leakproof conditions, and
   * `starts_with(column, …)` on a plain column is one while `lower(column)` is not.
   */
  @Property({ type: 'text', generated: '(lower(legal_surname)) stored', lazy: true, hidden: true })
  searchLegalSurname?: string & Opt;
  @Property({ type: 'text', generated: '(lower(legal_forename)) stored', lazy: true, hidden: true })
  searchLegalForename?: string & Opt;
  @Property({ type: 'text', generated: '(lower(preferred_surname)) stored', nullable: true, lazy: true, hidden: true })
  searchPreferredSurname?: string & Opt;
  @Property({ type: 'text', generated: '(lower(preferred_forename)) stored', nullable: true, lazy: true, hidden: true })
  searchPreferredForename?: string & Opt;
}

/** text_pattern_ops: prefix conditions use the index whatever the database's collation. */
function searchIndex(column: string): string {
  const name = column === 'upn' ? 'pupil_search_upn_index' : `pupil_${column}_index`;
  return `create index "${name}" on "pupil" ("tenant_id", "${column}" text_pattern_ops)`;
}
