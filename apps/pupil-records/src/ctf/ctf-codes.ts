import {
  EthnicityCode,
  ETHNICITY_CODES,
  Gender,
  SenStatus,
  SEN_NEED_TYPES,
  SenNeedType,
  YearGroup,
} from '@pt/contracts';

/**
 * CTF code sets and how they map onto the register's enumerations (../shared/reference/ctf.md §2).
 * Decoders answer `{ ok: false, reason }` rather than guessing: an unknown code leaves the
 * field untouched (P15), it never becomes a plausible-looking value.
 */
export type Decoded<T> = { ok: true; value: T; note?: string } | { ok: false; reason: string };

const MAIN_ETHNICITY = new Set<string>(ETHNICITY_CODES);

/**
 * Extended (LA/census) ethnicity codes and the main code each rolls up to. The census
 * "find a school census code" table; codes outside it are refused, never rolled up by
 * their first letter, because e.g. "MOTH" and "MWAS" share one.
 */
const EXTENDED_ETHNICITY: Record<string, EthnicityCode> = {
  WCOR: 'WBRI',
  WENG: 'WBRI',
  WNIR: 'WBRI',
  WSCO: 'WBRI',
  WWEL: 'WBRI',
  WOWB: 'WBRI',
  WALB: 'WOTH',
  WBOS: 'WOTH',
  WCRO: 'WOTH',
  WGRE: 'WOTH',
  WGRK: 'WOTH',
  WGRC: 'WOTH',
  WITA: 'WOTH',
  WKOS: 'WOTH',
  WPOR: 'WOTH',
  WSER: 'WOTH',
  WTUR: 'WOTH',
  WTUK: 'WOTH',
  WTUC: 'WOTH',
  WEUR: 'WOTH',
  WEEU: 'WOTH',
  WWEU: 'WOTH',
  WOTW: 'WOTH',
  WROG: 'WROM',
  WROR: 'WROM',
  WROO: 'WROM',
  MWAP: 'MWAS',
  MWAI: 'MWAS',
  MWAO: 'MWAS',
  MAOE: 'MOTH',
  MABL: 'MOTH',
  MACH: 'MOTH',
  MBOE: 'MOTH',
  MBCH: 'MOTH',
  MCOE: 'MOTH',
  MWOE: 'MOTH',
  MWCH: 'MOTH',
  MOTM: 'MOTH',
  AMPK: 'APKN',
  AKPA: 'APKN',
  AOPK: 'APKN',
  AAFR: 'AOTH',
  AKAO: 'AOTH',
  ANEP: 'AOTH',
  ASNL: 'AOTH',
  ASLT: 'AOTH',
  ASRO: 'AOTH',
  AOTA: 'AOTH',
  BANN: 'BAFR',
  BCON: 'BAFR',
  BGHA: 'BAFR',
  BNGN: 'BAFR',
  BSLN: 'BAFR',
  BSOM: 'BAFR',
  BSUD: 'BAFR',
  BAOF: 'BAFR',
  BEUR: 'BOTH',
  BNAM: 'BOTH',
  BOTB: 'BOTH',
  CHKC: 'CHNE',
  CMAL: 'CHNE',
  CSNG: 'CHNE',
  CTWN: 'CHNE',
  COCH: 'CHNE',
  OAFG: 'OOTH',
  OARA: 'OOTH',
  OEGY: 'OOTH',
  OFIL: 'OOTH',
  OIRN: 'OOTH',
  OIRQ: 'OOTH',
  OJPN: 'OOTH',
  OKOR: 'OOTH',
  OKRD: 'OOTH',
  OLAM: 'OOTH',
  OLEB: 'OOTH',
  OLIB: 'OOTH',
  OMAL: 'OOTH',
  OMRC: 'OOTH',
  OPOL: 'OOTH',
  OTHA: 'OOTH',
  OVIE: 'OOTH',
  OYEM: 'OOTH',
  OOEG: 'OOTH',
};

/** A main code as is, an extended code rolled up to its main code. */
export function decodeEthnicity(raw: string): Decoded<EthnicityCode> {
  const code = raw.trim().toUpperCase();
  if (MAIN_ETHNICITY.has(code)) return { ok: true, value: code as EthnicityCode };
  const main = EXTENDED_ETHNICITY[code];
  if (main) return { ok: true, value: main };
  return { ok: false, reason: 'ethnicity code is not a DfE main or extended code' };
}

/**
 * NCyearActual: E1/E2 (and the older N1/N2) are nursery, R reception, 1 to 14 the years.
 * X (national curriculum not followed) has no year group on the register, so the pupil
 * cannot be placed: the caller rejects the row rather than picking a year.
 */
export function decodeNcYear(raw: string): Decoded<YearGroup> {
  const code = raw.trim().toUpperCase();
  if (code === 'E1' || code === 'E2' || code === 'N1' || code === 'N2') return { ok: true, value: 'N' };
  if (code === 'R') return { ok: true, value: 'R' };
  if (/^\d{1,2}$/.test(code)) {
    const year = Number(code);
    if (year >= 1 && year <= 14) return { ok: true, value: String(year) as YearGroup };
  }
  if (code === 'X') return { ok: false, reason: 'NCyearActual X: national curriculum not followed, no year group' };
  return { ok: false, reason: 'NCyearActual is not N1, N2, E1, E2, R or 1-14' };
}

/** The register's year group written back as NCyearActual (nursery as E2: the CTF code for the year before reception). */
export function encodeNcYear(year: YearGroup): string {
  return year === 'N' ? 'E2' : year;
}

/** Sex (CTF 24 onwards) or Gender (older files): census M, F, U. */
export function decodeSex(raw: string): Decoded<Gender> {
  const code = raw.trim().toUpperCase();
  if (code === 'M' || code === 'F' || code === 'U') return { ok: true, value: code };
  if (code === 'MALE') return { ok: true, value: 'M' };
  if (code === 'FEMALE') return { ok: true, value: 'F' };
  return { ok: false, reason: 'Sex is not M, F or U' };
}

/**
 * SENprovision: N none, K SEN support, E EHC plan. Legacy codes still turn up in old
 * histories: A/P (School Action / Plus, replaced by K in 2014) and S (statements, all
 * converted to EHC plans by 2018); they are mapped with a note so the report shows it.
 */
export function decodeSenProvision(raw: string): Decoded<SenStatus> {
  const code = raw.trim().toUpperCase();
  switch (code) {
    case 'N':
      return { ok: true, value: 'none' };
    case 'K':
      return { ok: true, value: 'sen-support' };
    case 'E':
      return { ok: true, value: 'ehc-plan' };
    case 'A':
    case 'P':
      return { ok: true, value: 'sen-support', note: `legacy SENprovision ${code} read as K (SEN support)` };
    case 'S':
      return { ok: true, value: 'ehc-plan', note: 'legacy SENprovision S (statement) read as E (EHC plan)' };
    default:
      return { ok: false, reason: 'SENprovision is not N, K or E' };
  }
}

export function encodeSenProvision(status: SenStatus): string {
  return status === 'ehc-plan' ? 'E' : status === 'sen-support' ? 'K' : 'N';
}

const NEED_TYPES = new Set<string>(SEN_NEED_TYPES);

export function decodeSenNeed(raw: string): Decoded<SenNeedType> {
  const code = raw.trim().toUpperCase();
  return NEED_TYPES.has(code) ? { ok: true, value: code as SenNeedType } : { ok: false, reason: 'unknown SENtype' };
}

/** CTF dates are yyyy-MM-dd; some writers append a time. Anything else, or an impossible day, is refused. */
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function decodeDate(raw: string): Decoded<string> {
  const match = DATE_TEXT.exec(raw.trim());
  if (!match) return { ok: false, reason: 'is not a date (yyyy-MM-dd)' };
  const [, y, m, d] = match;
  if (!isCalendarDay(Number(y), Number(m), Number(d))) return { ok: false, reason: 'is not a calendar date' };
  return { ok: true, value: `${y}-${m}-${d}` };
}

/**
 * The day exists, as `Date.UTC` would have it (arithmetic rather than a Date per value: a CTF
 * holds several dates per pupil). Years 0-99 are refused, as `Date.UTC` reads them as 1900-1999.
 */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function decodeBoolean(raw: string): Decoded<boolean> {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1' || value === 'yes' || value === 'y') return { ok: true, value: true };
  if (value === 'false' || value === '0' || value === 'no' || value === 'n') return { ok: true, value: false };
  return { ok: false, reason: 'is not true or false' };
}

/** A non-negative whole number of sessions. */
export function decodeCount(raw: string): Decoded<number> {
  const value = raw.trim();
  if (!/^\d{1,6}$/.test(value)) return { ok: false, reason: 'is not a whole number of sessions' };
  return { ok: true, value: Number(value) };
}

/**
 * The CTF version of an academic year: the last two digits of the year it starts in
 * (September onwards is the new year), "NN.0". CTF 25 is 2025/26.
 */
export function ctfVersionFor(date: Date): string {
  const year = date.getUTCMonth() >= 8 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return `${String(year % 100).padStart(2, '0')}.0`;
}

/**
 * Versions read without a warning: this year's, the two before (files written late in
 * a year, or by an MIS a release behind) and next year's (written over the summer).
 * Older and unknown versions are still read, tolerantly, with a warning in the report.
 */
export function knownCtfVersions(date: Date): string[] {
  const current = Number(ctfVersionFor(date).slice(0, 2));
  return [current - 2, current - 1, current, current + 1].map((n) => `${String((n + 100) % 100).padStart(2, '0')}.0`);
}
