import {
  CONSENT_KINDS,
  ConsentView,
  FieldError,
  GiveConsentRequest,
  isUuid,
  ISO_DATE,
  matchesFormat,
  PupilConsentsView,
  WithdrawConsentRequest,
} from '@pt/contracts';
import { Consent } from '../pupils/consent.entity';

const MAX_REASON = 2000;

/** Today's date in UTC (`YYYY-MM-DD`). */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!matchesFormat(value, ISO_DATE)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

/** A real calendar date, written `YYYY-MM-DD`, not after today. */
function checkPastDate(field: string, value: unknown, today: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value !== 'string' || !isCalendarDate(value)) return [{ field, message: 'must be a date (YYYY-MM-DD)' }];
  return value > today ? [{ field, message: 'must not be in the future' }] : [];
}

function checkParty(field: string, party: unknown, allowed: readonly string[]): FieldError[] {
  const value = party as { type?: unknown; guardianId?: unknown } | null | undefined;
  if (typeof value !== 'object' || value === null || !allowed.includes(value.type as string)) {
    return [{ field: `${field}.type`, message: `must be one of ${allowed.join(', ')}` }];
  }
  if (value.type === 'guardian' && !isUuid(value.guardianId)) {
    return [{ field: `${field}.guardianId`, message: 'must be the id of one of the pupil’s guardians' }];
  }
  if (value.type !== 'guardian' && value.guardianId !== undefined) {
    return [{ field: `${field}.guardianId`, message: `is only allowed with type guardian` }];
  }
  return [];
}

export function checkGive(request: GiveConsentRequest, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!CONSENT_KINDS.includes(request.kind)) {
    errors.push({ field: 'kind', message: `must be one of ${CONSENT_KINDS.join(', ')}` });
  }
  errors.push(...checkParty('givenBy', request.givenBy, ['guardian', 'pupil']));
  errors.push(...checkPastDate('givenOn', request.givenOn, today));
  return errors;
}

export function checkWithdraw(request: WithdrawConsentRequest, today: string): FieldError[] {
  const errors: FieldError[] = [];
  errors.push(...checkParty('withdrawnBy', request.withdrawnBy, ['guardian', 'pupil', 'school']));
  errors.push(...checkPastDate('withdrawnOn', request.withdrawnOn, today));
  if (request.reason !== undefined && (typeof request.reason !== 'string' || request.reason.length > MAX_REASON)) {
    errors.push({ field: 'reason', message: `must be a text of at most ${MAX_REASON} characters` });
  }
  return errors;
}

export function toConsentView(row: Consent): ConsentView {
  return {
    id: row.id,
    pupilId: row.pupilId,
    kind: row.kind as ConsentView['kind'],
    givenBy: { type: row.givenByType as 'guardian' | 'pupil', guardianId: row.givenByGuardianId },
    givenOn: row.givenOn,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
    withdrawal: row.withdrawalRecordedAt
      ? {
          withdrawnBy: {
            type: row.withdrawnByType as 'guardian' | 'pupil' | 'school',
            guardianId: row.withdrawnByGuardianId,
          },
          withdrawnOn: row.withdrawnOn!,
          reason: row.withdrawalReason,
          recordedBy: row.withdrawalRecordedBy,
          recordedAt: row.withdrawalRecordedAt.toISOString(),
        }
      : null,
    standing: row.withdrawalRecordedAt === null,
  };
}

export function toPupilConsents(pupilId: string, history: Consent[]): PupilConsentsView {
  const views = history.map(toConsentView);
  const current = (kind: ConsentView['kind']) => views.find((v) => v.kind === kind && v.standing) ?? null;
  return {
    pupilId,
    current: { 'special-category': current('special-category'), 'photo-use': current('photo-use') },
    history: views,
  };
}
