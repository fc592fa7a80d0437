import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** A test analysed question by question (a KS2 paper, an end-of-unit test), sat on one day. */
@Entity({ tableName: 'question_test' })
@Index({ properties: ['tenantId', 'date'] })
export class QuestionTest {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'date' }) date!: string;
  @Property({ type: 'uuid', nullable: true }) createdBy: string | null = null;
  @Property({ type: 'datetime' }) createdAt: Date = new Date();
}

/** One question of a test: its place on the paper, marks and strand. */
@Entity({ tableName: 'question_test_question' })
@Unique({ properties: ['testId', 'number'] })
@Index({ properties: ['tenantId', 'testId'] })
export class QuestionTestQuestion {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) testId!: string;
  @Property({ type: 'integer' }) number!: number;
  @Property({ type: 'text' }) label!: string;
  @Property({ type: 'integer' }) maxMarks!: number;
  @Property({ type: 'text' }) strand!: string;
}

/** A pupil's mark on one question: one row per pupil and question; erased with the pupil (P17). */
@Entity({ tableName: 'question_mark' })
@Unique({ properties: ['tenantId', 'questionId', 'pupilId'] })
@Index({ properties: ['tenantId', 'testId'] })
@Index({ properties: ['tenantId', 'pupilId'] })
export class QuestionMark {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) testId!: string;
  @Property({ type: 'uuid' }) questionId!: string;
  @Property({ type: 'uuid' }) pupilId!: string;
  @Property({ type: 'integer' }) mark!: number;
  @Property({ type: 'uuid', nullable: true }) recordedBy: string | null = null;
  @Property({ type: 'datetime' }) recordedAt: Date = new Date();
}
