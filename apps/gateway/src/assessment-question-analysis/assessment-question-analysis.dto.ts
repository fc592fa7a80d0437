import { ApiProperty } from '@nestjs/swagger';
import {
  CreateQuestionTestRequest,
  MAX_QUESTION_LABEL,
  MAX_QUESTION_MARK_CELLS,
  MAX_QUESTION_MARKS,
  MAX_QUESTION_STRAND,
  MAX_QUESTION_TEST_NAME,
  MAX_QUESTION_TEST_QUESTIONS,
  QuestionInput,
  QuestionMarkInput,
  SaveQuestionMarksRequest,
} from '@pt/contracts';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsObject, IsString, MaxLength } from 'class-validator';

// The entries of each list are described here and checked by the assessment service, so
// each error names its entry (`questions[2].maxMarks`, `cells[4].mark`).

export class QuestionInputDto implements QuestionInput {
  @ApiProperty({ example: '2a', maxLength: MAX_QUESTION_LABEL, description: 'How the paper numbers it' })
  label!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: MAX_QUESTION_MARKS })
  maxMarks!: number;

  @ApiProperty({ example: 'Fractions', maxLength: MAX_QUESTION_STRAND })
  strand!: string;
}

/** A test analysed question by question; the questions in paper order. */
export class CreateQuestionTestDto implements CreateQuestionTestRequest {
  @ApiProperty({ example: 'Year 5 autumn maths', maxLength: MAX_QUESTION_TEST_NAME })
  @IsString()
  @MaxLength(MAX_QUESTION_TEST_NAME)
  name!: string;

  @ApiProperty({ example: '2026-11-10', format: 'date', description: 'The day it was sat' })
  @IsString()
  date!: string;

  @ApiProperty({ type: [QuestionInputDto], maxItems: MAX_QUESTION_TEST_QUESTIONS })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_QUESTION_TEST_QUESTIONS)
  @IsObject({ each: true })
  questions!: QuestionInput[];
}

export class QuestionMarkInputDto implements QuestionMarkInput {
  @ApiProperty({ format: 'uuid' })
  pupilId!: string;

  @ApiProperty({ format: 'uuid', description: 'A question of the test' })
  questionId!: string;

  @ApiProperty({ example: 1, minimum: 0, description: "A whole number up to the question's marks" })
  mark!: number;
}

/** A grid of marks (pupils × questions) for the test in the path: every cell saved or none. */
export class SaveQuestionMarksDto implements Omit<SaveQuestionMarksRequest, 'testId'> {
  @ApiProperty({ type: [QuestionMarkInputDto], maxItems: MAX_QUESTION_MARK_CELLS })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_QUESTION_MARK_CELLS)
  @IsObject({ each: true })
  cells!: QuestionMarkInput[];
}
