import { AssessmentTemplateView, GradeView } from '@pt/contracts';

/**
 * The ready frameworks a school adopts in one call: read-only, versioned by academic year.
 * Every fact is taken from the assessment reference (assessment.md §2 and §7.3); the source each one
 * cites there is named beside it and in the template's `sources`.
 */

const g = (code: string, label: string, points: number | null, band: GradeView['band']): GradeView => ({
  code,
  label,
  points,
  band,
});

/** [U3] 2024 KS2 TA: absent, left, future, past (no attainment, no points). */
const NOT_ASSESSED_2024 = [
  g('A', 'Absent', null, null),
  g('L', 'Left', null, null),
  g('F', 'Future entry', null, null),
  g('P', 'Past entry', null, null),
];

/**
 * The 17 early learning goals of the EYFS profile by area [U6]. The prime areas plus
 * literacy and mathematics make the 12 goals of the good level of development.
 */
export const EARLY_LEARNING_GOALS = [
  { goal: 'Listening, Attention and Understanding', area: 'Communication and Language', gld: true },
  { goal: 'Speaking', area: 'Communication and Language', gld: true },
  { goal: 'Self-Regulation', area: 'Personal, Social and Emotional Development', gld: true },
  { goal: 'Managing Self', area: 'Personal, Social and Emotional Development', gld: true },
  { goal: 'Building Relationships', area: 'Personal, Social and Emotional Development', gld: true },
  { goal: 'Gross Motor Skills', area: 'Physical Development', gld: true },
  { goal: 'Fine Motor Skills', area: 'Physical Development', gld: true },
  { goal: 'Comprehension', area: 'Literacy', gld: true },
  { goal: 'Word Reading', area: 'Literacy', gld: true },
  { goal: 'Writing', area: 'Literacy', gld: true },
  { goal: 'Number', area: 'Mathematics', gld: true },
  { goal: 'Numerical Patterns', area: 'Mathematics', gld: true },
  { goal: 'Past and Present', area: 'Understanding the World', gld: false },
  { goal: 'People, Culture and Communities', area: 'Understanding the World', gld: false },
  { goal: 'The Natural World', area: 'Understanding the World', gld: false },
  { goal: 'Creating with Materials', area: 'Expressive Arts and Design', gld: false },
  { goal: 'Being Imaginative and Expressive', area: 'Expressive Arts and Design', gld: false },
] as const;

/** [U6] Good level of development: `expected` (2) in every one of the 12 GLD goals. */
export function goodLevelOfDevelopment(resultByGoal: Readonly<Record<string, string | undefined>>): boolean {
  return EARLY_LEARNING_GOALS.filter((elg) => elg.gld).every((elg) => resultByGoal[elg.goal] === '2');
}

export const ASSESSMENT_TEMPLATES: readonly AssessmentTemplateView[] = [
  {
    key: 'ks2-scaled-scores',
    name: 'KS2 tests: scaled scores',
    fromYear: '2015/16',
    toYear: null,
    // [U1] scaled scores run 80–120, 100 is the expected standard; [U2] high score 110 since 2016.
    scale: {
      name: 'KS2 scaled score',
      kind: 'range',
      grades: [],
      range: { min: 80, max: 120, expected: 100, high: 110 },
    },
    measures: ['KS2 Reading', 'KS2 Mathematics', 'KS2 Grammar, Punctuation and Spelling'],
    rules: [
      '100 or more meets the expected standard; 110 or more is a high score.',
      'The raw mark needed for 100 changes each year (a per-year conversion table).',
    ],
    sources: [
      '[U1] https://www.gov.uk/guidance/understanding-scaled-scores-at-key-stage-2',
      '[U2] SFR 39/2016, 2016 national KS2 assessment results (provisional)',
    ],
  },
  {
    key: 'ks2-ta-2024',
    name: 'KS2 teacher assessment codes (2024 onwards)',
    fromYear: '2023/24',
    toYear: null,
    // [U3] 2024 KS2 TA: writing GDS/EXS/WTS, reading and maths PK1–PK6 below the standard, EM, and A/L/F/P.
    scale: {
      name: 'KS2 TA (2024)',
      kind: 'grades',
      grades: [
        ...NOT_ASSESSED_2024,
        g('EM', 'Engagement model', 0, 'below'),
        g('PK1', 'Pre-key stage standard 1', 1, 'below'),
        g('PK2', 'Pre-key stage standard 2', 2, 'below'),
        g('PK3', 'Pre-key stage standard 3', 3, 'below'),
        g('PK4', 'Pre-key stage standard 4', 4, 'below'),
        g('PK5', 'Pre-key stage standard 5', 5, 'below'),
        g('PK6', 'Pre-key stage standard 6', 6, 'towards'),
        g('WTS', 'Working towards the expected standard', 7, 'towards'),
        g('EXS', 'Working at the expected standard', 8, 'expected'),
        g('GDS', 'Working at greater depth', 9, 'above'),
      ],
      range: null,
    },
    measures: ['KS2 Writing TA'],
    rules: ['Reading and maths need TA only below the standard (PK1–PK6).', 'Science is EXS or HNM.'],
    sources: ['[U3] https://help.junipereducation.org/hc/en-gb/articles/20847946766621 (2024 KS2 TA codes)'],
  },
  {
    key: 'ks1-ks2-ta-pre-2024',
    name: 'KS1/KS2 teacher assessment codes (before 2024)',
    fromYear: null,
    toYear: '2022/23',
    // [U4][U5] older years: BLW, PKF/PKE/PKG, HNW, WTS, EXS, GDS (test codes B, M, T, H, Q, AS/NS aside).
    scale: {
      name: 'KS1/KS2 TA (pre-2024)',
      kind: 'grades',
      grades: [
        g('A', 'Absent', null, null),
        g('BLW', 'Below the standard of the pre-key stage', 0, 'below'),
        g('PKF', 'Foundations for the expected standard', 1, 'below'),
        g('PKE', 'Early development of the expected standard', 2, 'below'),
        g('PKG', 'Growing development of the expected standard', 3, 'below'),
        g('HNW', 'Has not met the expected standard (working below)', 4, 'below'),
        g('WTS', 'Working towards the expected standard', 5, 'towards'),
        g('EXS', 'Working at the expected standard', 6, 'expected'),
        g('GDS', 'Working at greater depth', 7, 'above'),
      ],
      range: null,
    },
    measures: ['KS1 Reading TA', 'KS1 Writing TA', 'KS1 Mathematics TA', 'KS2 Writing TA'],
    rules: ['Historic KS1 codes stay in use as baselines.'],
    sources: [
      '[U4] https://www.tedder.lincs.sch.uk/performance-data/sats-results',
      '[U5] https://bso.bradford.gov.uk/news/13312-…',
    ],
  },
  {
    key: 'eyfs-elg',
    name: 'Reception: early learning goals (EYFS profile)',
    fromYear: '2021/22',
    toYear: null,
    // [U6] 17 ELGs, each 1 = emerging or 2 = expected.
    scale: {
      name: 'ELG outcome',
      kind: 'grades',
      grades: [g('1', 'Emerging', 1, 'towards'), g('2', 'Expected', 2, 'expected')],
      range: null,
    },
    measures: EARLY_LEARNING_GOALS.map((elg) => elg.goal),
    rules: [
      'Good level of development (GLD): expected (2) in all 12 goals of the prime areas ' +
        '(communication and language, personal, social and emotional development, physical development) ' +
        'plus literacy and mathematics.',
    ],
    sources: [
      '[U6] https://schoolsportal.derby.gov.uk/information-management-data-analysis/statutory-assessment/teacher-assessment-codes',
    ],
  },
  {
    key: 'phonics-screening-check',
    name: 'Phonics screening check',
    fromYear: '2011/12',
    toYear: null,
    // [U7][U8] scored 0–40 in Year 1; threshold 32 since the check began (stored per year).
    scale: { name: 'Phonics mark', kind: 'range', grades: [], range: { min: 0, max: 40, expected: 32, high: null } },
    measures: ['Phonics screening check'],
    rules: ['32 or more meets the threshold (Wa); below is Wt. Retaken in Year 2 if not met.'],
    sources: [
      '[U7] https://gov.uk/government/publications/phonics-screening-check-2023-materials',
      '[U8] https://tes.com/magazine/archive/pass-mark-years-phonics-test-revealed',
    ],
  },
  {
    key: 'multiplication-tables-check',
    name: 'Multiplication tables check',
    fromYear: '2021/22',
    toYear: null,
    // [U9] Year 4, 25 questions, no pass mark: the score out of 25 and its distribution.
    scale: { name: 'MTC score', kind: 'range', grades: [], range: { min: 0, max: 25, expected: null, high: null } },
    measures: ['Multiplication tables check'],
    rules: ['There is no pass mark: report the score out of 25.'],
    sources: [
      '[U9] https://www.hauxton.cambs.sch.uk/y4-multiplication-check',
      '[U9] http://www.brooklands.omat.org.uk/page/?title=Multiplication+Tables+Check&pid=48',
    ],
  },
  {
    key: 'steps',
    name: 'Steps (emerging, developing, secure, mastery)',
    fromYear: null,
    toYear: null,
    // A school's own steps scale, with Insight-style bands [I1] (assessment.md §7.2).
    scale: {
      name: 'Steps',
      kind: 'grades',
      grades: [
        g('EMG', 'Emerging', 1, 'below'),
        g('DEV', 'Developing', 2, 'towards'),
        g('SEC', 'Secure', 3, 'expected'),
        g('MAS', 'Mastery', 4, 'above'),
      ],
      range: null,
    },
    measures: ['Reading', 'Writing', 'Mathematics'],
    rules: ['Secure is the expected standard for the point; mastery is above it.'],
    sources: ['assessment.md §7.2: points, rank and an evaluation band per grade (Insight Evaluations [I1])'],
  },
  {
    key: 'gcse-9-1',
    name: 'GCSE grades 9–1',
    fromYear: '2016/17',
    toYear: null,
    // [U10] grades 9–1 plus U; 4 = standard pass, 5 = strong pass.
    scale: {
      name: 'GCSE 9–1',
      kind: 'grades',
      grades: [
        g('U', 'Ungraded', 0, 'below'),
        g('1', 'Grade 1', 1, 'below'),
        g('2', 'Grade 2', 2, 'below'),
        g('3', 'Grade 3', 3, 'towards'),
        g('4', 'Grade 4 (standard pass)', 4, 'expected'),
        g('5', 'Grade 5 (strong pass)', 5, 'expected'),
        g('6', 'Grade 6', 6, 'above'),
        g('7', 'Grade 7', 7, 'above'),
        g('8', 'Grade 8', 8, 'above'),
        g('9', 'Grade 9', 9, 'above'),
      ],
      range: null,
    },
    measures: ['English Language', 'English Literature', 'Mathematics'],
    rules: ['Grade 4 is a standard pass and grade 5 a strong pass; both are reported.'],
    sources: ['[U10] https://www.tes.com/news/new-gcse-pass-lowered-grade-5-4-dfe-u-turn'],
  },
];

/** The start year of `2026/27` is 2026. */
const startYear = (academicYear: string) => Number(academicYear.slice(0, 4));

/** Whether a template's version covers an academic year. */
export function templateCoversYear(template: AssessmentTemplateView, academicYear: string): boolean {
  const year = startYear(academicYear);
  if (template.fromYear && year < startYear(template.fromYear)) return false;
  if (template.toYear && year > startYear(template.toYear)) return false;
  return true;
}

export function templateByKey(key: string): AssessmentTemplateView | undefined {
  return ASSESSMENT_TEMPLATES.find((template) => template.key === key);
}
