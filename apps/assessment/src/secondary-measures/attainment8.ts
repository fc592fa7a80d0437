import {
  CohortSecondaryMeasuresView,
  Attainment8Slot,
  Ks4Role,
  NoProgress8Reason,
  Progress8Estimate,
  PupilSecondaryMeasuresView,
  SlotView,
  UnusedResultView,
} from '@pt/contracts';

/** One of a pupil's results at the point, of a measure that counts in Attainment 8. */
export interface Ks4Result {
  measureId: string;
  measureName: string;
  role: Ks4Role;
  value: string;
  /** The grade's points; null for a code that carries no attainment (absent, left), which fills no slot. */
  points: number | null;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const ORDINALS = ['best', 'second best', 'third best'];

/** Highest points first; equal points by measure name, so the same results always fill the same slots. */
function byPointsThenName(a: Ks4Result & { points: number }, b: Ks4Result & { points: number }): number {
  return b.points - a.points || a.measureName.localeCompare(b.measureName) || a.measureId.localeCompare(b.measureId);
}

function filled(
  slot: Attainment8Slot,
  weight: number,
  result: Ks4Result & { points: number },
  reason: string,
): SlotView {
  return {
    slot,
    weight,
    measureId: result.measureId,
    measureName: result.measureName,
    value: result.value,
    points: result.points,
    slotPoints: result.points * weight,
    reason,
  };
}

function empty(slot: Attainment8Slot, weight: number, reason: string): SlotView {
  return { slot, weight, measureId: null, measureName: null, value: null, points: 0, slotPoints: 0, reason };
}

/**
 * Attainment 8, slot by slot, as DfE defines it [U11][U12] (reference assessment.md §2):
 * - maths: the best maths grade, double-weighted;
 * - English: the higher of English language and English literature, double-weighted only
 *   when both were taken (one alone counts once); the other English grade may then take
 *   an open slot;
 * - three EBacc slots: the best three EBacc grades (sciences, computer science, geography,
 *   history, languages) — only EBacc subjects may fill them;
 * - three open slots: the best three of what is left (EBacc subjects beyond three, the
 *   other English grade, any other approved qualification).
 * An empty slot scores 0. Every slot and every result left out says why, so the figure
 * can be checked by hand. First-entry and discounting rules are the school's to apply
 * before entry: one result per measure reaches this rule.
 */
export function attainment8Slots(results: readonly Ks4Result[]): { slots: SlotView[]; unused: UnusedResultView[] } {
  const unused: UnusedResultView[] = [];
  const leaveOut = (r: Ks4Result, reason: string) =>
    unused.push({ measureId: r.measureId, measureName: r.measureName, value: r.value, reason });
  const scored: Array<Ks4Result & { points: number }> = [];
  for (const r of results) {
    if (r.points === null) leaveOut(r, `${r.value} carries no points, so it fills no slot`);
    else scored.push(r as Ks4Result & { points: number });
  }
  const ofRole = (role: Ks4Role) => scored.filter((r) => r.role === role).sort(byPointsThenName);
  const slots: SlotView[] = [];
  const openPool: Array<{ result: Ks4Result & { points: number }; why: string }> = [];

  const [maths, ...otherMaths] = ofRole('maths');
  slots.push(
    maths
      ? filled('maths', 2, maths, 'The best maths grade, double-weighted')
      : empty('maths', 2, 'No maths result: the slot scores 0'),
  );
  for (const r of otherMaths) leaveOut(r, 'Only the best maths grade counts');

  const [language, ...otherLanguage] = ofRole('english-language');
  const [literature, ...otherLiterature] = ofRole('english-literature');
  for (const r of [...otherLanguage, ...otherLiterature])
    leaveOut(r, 'Only the best grade of each English subject counts');
  if (language && literature) {
    // Equal grades: language takes the slot, so the choice does not depend on the order of entry.
    const [higher, lower] = literature.points > language.points ? [literature, language] : [language, literature];
    slots.push(
      filled(
        'english',
        2,
        higher,
        `The higher of English language (${language.value}) and English literature (${literature.value}), double-weighted as both were taken`,
      ),
    );
    openPool.push({ result: lower, why: 'The English grade not used in the English slot' });
  } else if (language || literature) {
    const only = (language ?? literature)!;
    const [taken, missing] = language
      ? ['English language', 'English literature']
      : ['English literature', 'English language'];
    slots.push(
      filled(
        'english',
        1,
        only,
        `Only ${taken} was taken: it counts once, as double weighting needs ${missing} as well`,
      ),
    );
  } else {
    slots.push(empty('english', 2, 'No English language or literature result: the slot scores 0'));
  }

  const ebacc = ofRole('ebacc');
  (['ebacc-1', 'ebacc-2', 'ebacc-3'] as const).forEach((slot, i) => {
    const r = ebacc[i];
    slots.push(
      r
        ? filled(slot, 1, r, `The ${ORDINALS[i]} EBacc grade`)
        : empty(slot, 1, 'Fewer than three EBacc subjects: only EBacc subjects fill these slots, so it scores 0'),
    );
  });
  for (const r of ebacc.slice(3)) openPool.push({ result: r, why: 'An EBacc subject beyond the three EBacc slots' });
  for (const r of ofRole('open'))
    openPool.push({ result: r, why: 'A qualification outside English, maths and the EBacc' });

  openPool.sort((a, b) => byPointsThenName(a.result, b.result));
  (['open-1', 'open-2', 'open-3'] as const).forEach((slot, i) => {
    const entry = openPool[i];
    slots.push(
      entry
        ? filled(slot, 1, entry.result, `${entry.why}: the ${ORDINALS[i]} grade left for the open slots`)
        : empty(slot, 1, 'Nothing left to fill it: the slot scores 0'),
    );
  });
  for (const { result } of openPool.slice(3)) leaveOut(result, 'Fewer points than the three results in the open slots');

  const order = ['english', 'maths', 'ebacc-1', 'ebacc-2', 'ebacc-3', 'open-1', 'open-2', 'open-3'];
  slots.sort((a, b) => order.indexOf(a.slot) - order.indexOf(b.slot));
  return { slots, unused };
}

/** The estimate for a prior-attainment score: the band with from ≤ score < to. */
export function estimateFor(estimates: readonly Progress8Estimate[], score: number): number | null {
  return estimates.find((band) => band.from <= score && score < band.to)?.estimatedAttainment8 ?? null;
}

export interface PupilKs4Input {
  pupilId: string;
  results: Ks4Result[];
  priorAttainment: number | null;
}

/**
 * A pupil's Attainment 8, Progress 8 = (A8 − estimate for their prior attainment) / 10
 * (left out, with the reason, when the cohort has no baseline, the pupil no prior
 * attainment, or no band holds it), and grade 4+ / 5+ in English and maths: maths and
 * English language or literature at or above the grade.
 */
export function pupilSecondaryMeasures(
  input: PupilKs4Input,
  estimates: readonly Progress8Estimate[] | null,
): PupilSecondaryMeasuresView & { unroundedProgress8: number | null } {
  const { slots, unused } = attainment8Slots(input.results);
  const attainment8 = round2(slots.reduce((sum, s) => sum + s.slotPoints, 0));
  const best = (roles: Ks4Role[]) =>
    Math.max(
      -Infinity,
      ...input.results.filter((r) => roles.includes(r.role) && r.points !== null).map((r) => r.points!),
    );
  const [mathsBest, englishBest] = [best(['maths']), best(['english-language', 'english-literature'])];
  let estimate: number | null = null;
  let noProgress8: NoProgress8Reason | null = null;
  if (!estimates) noProgress8 = 'no-baseline';
  else if (input.priorAttainment === null) noProgress8 = 'no-prior-attainment';
  else if ((estimate = estimateFor(estimates, input.priorAttainment)) === null) noProgress8 = 'no-estimate';
  const unroundedProgress8 = estimate === null ? null : (attainment8 - estimate) / 10;
  return {
    pupilId: input.pupilId,
    attainment8,
    priorAttainment: input.priorAttainment,
    estimatedAttainment8: estimate,
    progress8: unroundedProgress8 === null ? null : round2(unroundedProgress8),
    noProgress8,
    englishMaths4Plus: mathsBest >= 4 && englishBest >= 4,
    englishMaths5Plus: mathsBest >= 5 && englishBest >= 5,
    slots,
    unused,
    unroundedProgress8,
  };
}

const percentOf = (n: number, of: number): number | null => (of === 0 ? null : round2((100 * n) / of));

/**
 * The cohort's figures, pooling pupils: mean Attainment 8 over every pupil, mean Progress 8
 * over those who have one (from the unrounded scores, as DfE averages them), and how many
 * reached grade 4+ / 5+ in English and maths.
 */
export function cohortSecondaryMeasures(
  pupils: ReadonlyArray<PupilSecondaryMeasuresView & { unroundedProgress8: number | null }>,
): CohortSecondaryMeasuresView {
  const withP8 = pupils.filter((p) => p.unroundedProgress8 !== null);
  const mean = (values: number[]) => (values.length ? round2(values.reduce((a, b) => a + b, 0) / values.length) : null);
  const fourPlus = pupils.filter((p) => p.englishMaths4Plus).length;
  const fivePlus = pupils.filter((p) => p.englishMaths5Plus).length;
  return {
    pupils: pupils.length,
    attainment8: mean(pupils.map((p) => p.attainment8)),
    progress8Pupils: withP8.length,
    progress8: mean(withP8.map((p) => p.unroundedProgress8!)),
    englishMaths4Plus: { pupils: fourPlus, percent: percentOf(fourPlus, pupils.length) },
    englishMaths5Plus: { pupils: fivePlus, percent: percentOf(fivePlus, pupils.length) },
  };
}
