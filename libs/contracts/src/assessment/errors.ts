/** Error codes of the assessment service (frameworks, grade scales, assessment points). */
export const ASSESSMENT_ERRORS = {
  FRAMEWORK_NOT_FOUND: 'framework.not_found',
  /** A school has one framework per academic year. */
  FRAMEWORK_YEAR_TAKEN: 'framework.year_taken',
  TEMPLATE_NOT_FOUND: 'assessment_template.not_found',
  /** The template's version does not cover the framework's academic year (e.g. the 2024 TA codes before 2023/24). */
  TEMPLATE_NOT_FOR_YEAR: 'assessment_template.not_for_year',
  TEMPLATE_ALREADY_ADOPTED: 'assessment_template.already_adopted',
  GRADE_SCALE_NOT_FOUND: 'grade_scale.not_found',
  MEASURE_NAME_TAKEN: 'measure.name_taken',
  ASSESSMENT_POINT_NOT_FOUND: 'assessment_point.not_found',
  ASSESSMENT_POINT_NAME_TAKEN: 'assessment_point.name_taken',
  ASSESSMENT_POINT_CLOSED: 'assessment_point.closed',
  ASSESSMENT_POINT_OPEN: 'assessment_point.open',
  /** The measure is not one of the point's framework. */
  MEASURE_NOT_FOUND: 'measure.not_found',
  /** The framework has no on-track rule chosen yet. */
  ON_TRACK_RULE_NOT_SET: 'on_track_rule.not_set',
  /** A question-level-analysis test that does not exist (or is another school's). */
  QUESTION_TEST_NOT_FOUND: 'question_test.not_found',
  /** A parent report that does not exist, or of a pupil the caller may not see. */
  PARENT_REPORT_NOT_FOUND: 'parent_report.not_found',
  /** The platform has loaded no national Progress 8 estimates for the academic year. */
  NATIONAL_ESTIMATES_NOT_FOUND: 'progress8_estimates.not_found',
} as const;
