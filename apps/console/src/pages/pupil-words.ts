// Codes as school staff say them.
import type { PupilFlag, PupilView, SenStatus, YearGroup } from '@pt/contracts/pupils/pupil';

export const FLAG_LABELS: Record<PupilFlag, string> = {
  fsm: 'Free school meals',
  fsm6: 'FSM in the last 6 years',
  pupilPremium: 'Pupil premium',
  eal: 'English as an additional language',
  inLaCare: 'In local authority care',
  everInCare: 'Ever in care',
  giftedAndTalented: 'Gifted and talented',
};

export const SEN_LABELS: Record<SenStatus, string> = {
  none: 'No SEN',
  'sen-support': 'SEN support',
  'ehc-plan': 'EHC plan',
};

export function yearLabel(year: YearGroup): string {
  if (year === 'N') return 'Nursery';
  if (year === 'R') return 'Reception';
  return `Year ${year}`;
}

export function pupilName(
  pupil: Pick<PupilView, 'legalForename' | 'legalSurname' | 'preferredForename' | 'preferredSurname'>,
): string {
  return `${pupil.preferredSurname ?? pupil.legalSurname}, ${pupil.preferredForename ?? pupil.legalForename}`;
}
