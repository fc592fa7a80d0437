import { PupilView } from '@pt/contracts';
import { Pupil } from './pupil.entity';

/**
 * What a reader sees of a pupil. SEN need is special-category data (P16): shown only while
 * the special-category consent stands, whatever the column still holds.
 */
export function toPupilView(pupil: Pupil): PupilView {
  return {
    id: pupil.id,
    upn: pupil.upn,
    legalForename: pupil.legalForename,
    legalSurname: pupil.legalSurname,
    middleNames: pupil.middleNames,
    preferredForename: pupil.preferredForename,
    preferredSurname: pupil.preferredSurname,
    dateOfBirth: pupil.dateOfBirth,
    gender: pupil.gender as PupilView['gender'],
    ethnicity: pupil.ethnicity as PupilView['ethnicity'],
    yearGroup: pupil.yearGroup as PupilView['yearGroup'],
    classGroupId: pupil.classGroupId,
    attendance: attendanceOf(pupil.attendancePossible, pupil.attendanceAttended),
    senStatus: pupil.senStatus as PupilView['senStatus'],
    senNeeds: pupil.specialCategoryConsent ? (pupil.senNeeds as PupilView['senNeeds']) : null,
    fsm: pupil.fsm,
    fsm6: pupil.fsm6,
    pupilPremium: pupil.pupilPremium,
    eal: pupil.eal,
    inLaCare: pupil.inLaCare,
    everInCare: pupil.everInCare,
    giftedAndTalented: pupil.giftedAndTalented,
    entryDate: pupil.entryDate,
    leavingDate: pupil.leavingDate,
    hasPhoto: pupil.hasPhoto && pupil.photoConsent,
    restricted: pupil.restricted,
    createdAt: pupil.createdAt.toISOString(),
    updatedAt: pupil.updatedAt.toISOString(),
    version: pupil.version,
  };
}

export function attendanceOf(possible: number | null, attended: number | null): PupilView['attendance'] {
  if (possible === null || attended === null) return null;
  return {
    possibleSessions: possible,
    attendedSessions: attended,
    percentage: possible === 0 ? null : Math.round((attended / possible) * 1000) / 10,
  };
}
