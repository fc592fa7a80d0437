import { Embeddable, Embedded, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export type SchoolStatus = 'onboarding' | 'active' | 'suspended';
export type ConcurrentSessionPolicy = 'allow' | 'replace' | 'refuse';

@Embeddable()
export class PostalAddress {
  @Property({ type: 'text' }) line1!: string;
  @Property({ type: 'text', nullable: true }) line2: string | null = null;
  @Property({ type: 'text' }) town!: string;
  @Property({ type: 'text', nullable: true }) county: string | null = null;
  @Property({ type: 'text' }) postcode!: string;
}

@Embeddable()
export class SchoolContact {
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) email!: string;
  @Property({ type: 'text', nullable: true }) telephone: string | null = null;
}

/** Who signed the data processing terms for the school, in which version, and when (P11). */
@Embeddable()
export class DataProcessingSignature {
  @Property({ type: 'text' }) signedByName!: string;
  @Property({ type: 'text' }) signedByRole!: string;
  @Property({ type: 'text' }) termsVersion!: string;
  @Property({ type: 'datetime' }) signedAt!: Date;
  /** The platform user who recorded it. */
  @Property({ type: 'uuid' }) recordedBy!: string;
}

/** A school's stricter password rules (P2); absent fields keep the platform default. */
export interface SchoolPasswordPolicy {
  minLength?: number;
  passphraseLength?: number;
}

/**
 * A school: the tenant. Its id is the tenant id every other table carries. No tenant_id
 * column of its own: platform admins list schools; a school reads only its own row by id.
 */
@Entity({ tableName: 'school' })
@Unique({ properties: ['laCode', 'establishmentNumber'] })
export class School {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  /** DfE local authority code (3 digits). */
  @Property({ type: 'text' })
  laCode!: string;

  /** DfE establishment number within the LA (4 digits). */
  @Property({ type: 'text' })
  establishmentNumber!: string;

  @Embedded({ entity: () => PostalAddress, prefix: 'address_' })
  address!: PostalAddress;

  @Embedded({ entity: () => SchoolContact, prefix: 'contact_' })
  contact!: SchoolContact;

  @Property({ type: 'text' })
  status: SchoolStatus = 'onboarding';

  @Embedded({ entity: () => DataProcessingSignature, prefix: 'dpa_', nullable: true })
  dataProcessingSignature: DataProcessingSignature | null = null;

  @Property({ type: 'json', nullable: true })
  passwordPolicy: SchoolPasswordPolicy | null = null;

  @Property({ type: 'text' })
  concurrentSessions: ConcurrentSessionPolicy = 'replace';

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'integer', version: true })
  version: number = 1;

  /** P11: no pupil data may be processed before the data processing terms are signed. */
  get dataProcessingAllowed(): boolean {
    return this.status === 'active' && this.dataProcessingSignature !== null;
  }

  /** "123/4567", as the DfE writes it. */
  get dfeNumber(): string {
    return `${this.laCode}/${this.establishmentNumber}`;
  }
}
