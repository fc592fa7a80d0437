/**
 * Generates DfE Common Transfer Files for tests and benchmarks: N pupils with valid UPNs,
 * deterministic by seed, covering every section the importer reads (basic details, Sex or
 * the older Gender, extended ethnicity codes, NC years E1/E2/R/1-14, FSM history, SEN
 * history with needs, looked after, attendance, school history) plus sections it ignores
 * (address in both forms, contacts, stage assessments). Options break it on purpose: a
 * wrong destination school, invalid UPNs, NC year X, malformed XML, missing sections.
 *
 * It lives beside the parser and writer it mirrors (tests and benches import it from here;
 * scripts/generate-ctf.ts is only its command line): `generateCtf(options)` yields the file
 * in chunks; `expectedPupil(options, i)` is what an import should store for pupil i.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ctfVersionFor } from './ctf-codes';
import { escapeXml } from './ctf-writer';
import { upnCheckLetter } from '@pt/contracts';

export interface GenerateCtfOptions {
  pupils: number;
  seed?: number;
  /** The school the file is for (DestSchool); the importing school's LA and establishment numbers. */
  destination?: { lea: string; estab: string };
  source?: { lea: string; estab: string; name?: string };
  /** CTF version in the header (default: the one of the academic year of `asOf`, e.g. "26.0" in 2026/27). */
  version?: string;
  /** Write the older `Gender` element instead of `Sex` (and `CTFVersion` spelling variants stay as given). */
  genderTag?: boolean;
  /** 0-based positions whose UPN gets a wrong check letter. */
  invalidUpnAt?: number[];
  /** 0-based positions whose NCyearActual is X (curriculum not followed). */
  ncYearXAt?: number[];
  /** Cut the document after this many pupils with an unclosed element (malformed XML). */
  malformedAfter?: number;
  /** Leave these sections out of every pupil (P15: absent sections must not change anything). */
  omit?: Array<'FSMhistory' | 'SENhistory' | 'LookedAfter' | 'Attendance' | 'SchoolHistory' | 'BasicDetails'>;
  /** Distinguishes the UPNs of different files for one school (0-9; each block holds 10,000 pupils). */
  upnBlock?: number;
  /** The day FSM spells are laid out around (default today). */
  asOf?: Date;
}

/** What an import of the file should store for a pupil (the fields the file carries). */
export interface ExpectedPupil {
  upn: string;
  legalForename: string;
  legalSurname: string;
  middleNames: string | null;
  preferredForename: string | null;
  preferredSurname: string | null;
  dateOfBirth: string;
  gender: 'M' | 'F';
  ethnicity: string;
  /** As written in the file (NCyearActual). */
  ncYear: string;
  yearGroup: string;
  fsm: boolean;
  fsm6: boolean;
  senStatus: 'none' | 'sen-support' | 'ehc-plan';
  senNeeds: string[];
  inLaCare: boolean;
  everInCare: boolean;
  attendance: { possibleSessions: number; attendedSessions: number };
  /** EntryDate of the SchoolHistory spell at the destination school, when the file has one. */
  entryDate: string | null;
  /** The raw ethnicity code in the file (may be an extended code). */
  ethnicityCode: string;
  invalidUpn: boolean;
  ncYearX: boolean;
}

const FORENAMES = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Arthur', 'Zara', 'Leo', 'Ré', 'Chloë'];
const SURNAMES = ['Smith', 'Jones', "O'Brien", 'Taylor', 'Brown', 'Williams', 'Khan', 'Patel', 'Nowak', 'Evans'];
const MIDDLE = ['Rose', 'James', 'Grace', 'Lee', 'Mae'];
/** [code in the file, main code it rolls up to]; a mix of main and extended codes. */
const ETHNICITIES: Array<[string, string]> = [
  ['WBRI', 'WBRI'],
  ['WENG', 'WBRI'],
  ['WSCO', 'WBRI'],
  ['WPOR', 'WOTH'],
  ['WOTH', 'WOTH'],
  ['MWBC', 'MWBC'],
  ['MWAP', 'MWAS'],
  ['AIND', 'AIND'],
  ['AMPK', 'APKN'],
  ['BNGN', 'BAFR'],
  ['BCRB', 'BCRB'],
  ['CHNE', 'CHNE'],
  ['OKRD', 'OOTH'],
  ['REFU', 'REFU'],
];
const NC_YEARS: Array<[string, string, number]> = [
  ['E1', 'N', 3],
  ['E2', 'N', 3],
  ['N2', 'N', 3],
  ['R', 'R', 4],
  ...Array.from({ length: 14 }, (_, k): [string, string, number] => [String(k + 1), String(k + 1), k + 5]),
];
const SEN: Array<['N' | 'K' | 'E', 'none' | 'sen-support' | 'ehc-plan']> = [
  ['N', 'none'],
  ['N', 'none'],
  ['K', 'sen-support'],
  ['E', 'ehc-plan'],
];
const NEEDS = ['SPLD', 'MLD', 'SEMH', 'SLCN', 'ASD', 'HI', 'VI', 'PD'];

/** A deterministic generator (mulberry32) so that a seed always yields the same file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const iso = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** A valid permanent UPN: check letter, LA, establishment, two digits, serial. */
export function makeUpn(lea: string, estab: string, block: number, serial: number): string {
  const rest = `${lea}${estab}${String(block % 100).padStart(2, '0')}${String(serial % 1000).padStart(3, '0')}`;
  return upnCheckLetter(rest) + rest;
}

/** A UPN whose check letter is wrong (the next letter of the alphabet). */
function breakUpn(upn: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRTUVWXYZ';
  return alphabet[(alphabet.indexOf(upn[0]) + 1) % alphabet.length] + upn.slice(1);
}

interface Layout {
  expected: ExpectedPupil;
  /** FSM spells as [start, end|null]. */
  fsm: Array<[string, string | null]>;
  senStart: string;
  ncYearWritten: string;
  basicInside: boolean;
  bs7666: boolean;
  schools: Array<{ lea: string; estab: string; entry: string; leaving: string | null }>;
  years: Array<{ year: number; possible: number; attended: number }>;
}

function layout(options: GenerateCtfOptions, index: number): Layout {
  const rand = random((options.seed ?? 1) * 1_000_003 + index * 7919);
  const asOf = options.asOf ?? new Date();
  const source = options.source ?? { lea: '873', estab: '2001' };
  const destination = options.destination ?? { lea: '999', estab: '9001' };
  // Two UPN digits: the block (0-9) and thousands of pupils (0-9), so up to 10,000 pupils per block.
  const block = (options.upnBlock ?? 0) * 10 + Math.floor(index / 1000);
  let upn = makeUpn(source.lea, source.estab, block, index % 1000);
  const invalidUpn = options.invalidUpnAt?.includes(index) ?? false;
  if (invalidUpn) upn = breakUpn(upn);
  const ncYearX = options.ncYearXAt?.includes(index) ?? false;
  const [ncYear, yearGroup, age] = pick(rand, NC_YEARS);
  const [ethnicityCode, ethnicity] = pick(rand, ETHNICITIES);
  const birthYear = asOf.getUTCFullYear() - age - (asOf.getUTCMonth() >= 8 ? 1 : 0);
  const dateOfBirth = iso(new Date(Date.UTC(birthYear, 8 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28))));
  const forename = pick(rand, FORENAMES);
  const surname = pick(rand, SURNAMES);
  const hasMiddle = rand() < 0.5;
  const hasPreferred = rand() < 0.3;

  // FSM: none, ended more than six years ago, ended within six years, open, ending in the future.
  const fsmKind = Math.floor(rand() * 5);
  const fsm: Array<[string, string | null]> = [];
  if (fsmKind === 1) fsm.push([iso(addDays(asOf, -9 * 365)), iso(addDays(asOf, -7 * 365))]);
  if (fsmKind === 2) fsm.push([iso(addDays(asOf, -4 * 365)), iso(addDays(asOf, -2 * 365))]);
  if (fsmKind === 3) fsm.push([iso(addDays(asOf, -400)), null]);
  if (fsmKind === 4) fsm.push([iso(addDays(asOf, -700)), iso(addDays(asOf, 200))]);
  const [senCode, senStatus] = pick(rand, SEN);
  const senNeeds = senCode === 'N' ? [] : [pick(rand, NEEDS)];
  if (senNeeds.length && rand() < 0.4) {
    const second = pick(rand, NEEDS);
    if (second !== senNeeds[0]) senNeeds.push(second);
  }
  const inLaCare = rand() < 0.1;
  const years = [0, 1].map((k) => {
    const possible = 300 + Math.floor(rand() * 80);
    return { year: asOf.getUTCFullYear() - 1 - k, possible, attended: possible - Math.floor(rand() * 40) };
  });
  const schools: Layout['schools'] = [
    { lea: source.lea, estab: source.estab, entry: iso(addDays(asOf, -3 * 365)), leaving: iso(addDays(asOf, -30)) },
  ];
  const atDestination = rand() < 0.5;
  if (atDestination)
    schools.push({ lea: destination.lea, estab: destination.estab, entry: iso(addDays(asOf, -20)), leaving: null });
  const omit = new Set(options.omit ?? []);
  return {
    expected: {
      upn,
      legalForename: forename,
      legalSurname: surname,
      middleNames: hasMiddle ? pick(rand, MIDDLE) : null,
      preferredForename: hasPreferred ? `${forename.slice(0, 3)}` : null,
      preferredSurname: null,
      dateOfBirth,
      gender: rand() < 0.5 ? 'M' : 'F',
      ethnicity,
      ethnicityCode,
      ncYear: ncYearX ? 'X' : ncYear,
      yearGroup,
      fsm: fsmKind === 3 || fsmKind === 4,
      fsm6: fsmKind >= 2,
      senStatus,
      senNeeds,
      inLaCare,
      everInCare: inLaCare,
      attendance: { possibleSessions: years[0].possible, attendedSessions: years[0].attended },
      entryDate: atDestination && !omit.has('SchoolHistory') ? schools[1].entry : null,
      invalidUpn,
      ncYearX,
    },
    fsm,
    senStart: iso(addDays(asOf, -500)),
    ncYearWritten: ncYearX ? 'X' : ncYear,
    basicInside: true,
    bs7666: rand() < 0.5,
    schools,
    years,
  };
}

export function expectedPupil(options: GenerateCtfOptions, index: number): ExpectedPupil {
  return layout(options, index).expected;
}

const el = (name: string, value: string | number) => `<${name}>${escapeXml(String(value))}</${name}>`;

function pupilXml(options: GenerateCtfOptions, index: number): string {
  const { expected: p, ...l } = layout(options, index);
  const omit = new Set(options.omit ?? []);
  const sexTag = options.genderTag ? 'Gender' : 'Sex';
  const parts: string[] = ['<Pupil>', el('UPN', p.upn), el('Surname', p.legalSurname), el('Forename', p.legalForename)];
  parts.push(el('DOB', p.dateOfBirth), el(sexTag, p.gender));
  if (!omit.has('BasicDetails')) {
    parts.push('<BasicDetails>');
    if (p.preferredForename) parts.push(el('PreferredForename', p.preferredForename));
    if (p.middleNames) parts.push(el('MiddleNames', p.middleNames));
    parts.push(el('NCyearActual', l.ncYearWritten), el('Ethnicity', p.ethnicityCode), el('EthnicitySource', 'P'));
    parts.push('<Languages><Type><LanguageType>FIRST</LanguageType><Language>ENG</Language></Type></Languages>');
    parts.push(el('MedicalFlag', 'false'), el('EnrolStatus', 'C'), '</BasicDetails>');
  }
  if (!omit.has('LookedAfter')) {
    parts.push('<LookedAfter>', el('InCare', String(p.inLaCare)));
    if (p.inLaCare) parts.push(el('CareAuthority', '873'));
    parts.push('</LookedAfter>');
  }
  if (!omit.has('FSMhistory')) {
    parts.push('<FSMhistory>');
    for (const [start, end] of l.fsm) {
      parts.push('<FSMinstance>', el('FSMstartDate', start));
      if (end) parts.push(el('FSMendDate', end));
      parts.push(el('UKcountry', 'ENG'), '</FSMinstance>');
    }
    parts.push('</FSMhistory>');
  }
  if (!omit.has('SENhistory')) {
    parts.push(
      '<SENhistory><SEN>',
      el('StartDate', l.senStart),
      el('SENprovision', p.senStatus === 'none' ? 'N' : p.senStatus === 'ehc-plan' ? 'E' : 'K'),
    );
    if (p.senNeeds.length) {
      parts.push('<SENneeds>');
      p.senNeeds.forEach((type, k) =>
        parts.push('<SENneed>', el('SENtype', type), el('SENtypeRank', k + 1), '</SENneed>'),
      );
      parts.push('</SENneeds>');
    }
    parts.push('</SEN></SENhistory>');
  }
  parts.push('<Address>');
  if (l.bs7666)
    parts.push(
      '<BS7666Address>',
      el('PAON', String(1 + (index % 90))),
      el('Street', 'High Street'),
      el('Town', 'Norwich'),
      '</BS7666Address>',
    );
  else
    parts.push(
      '<AddressLines>',
      el('AddressLine1', `${1 + (index % 90)} Mill Lane`),
      el('AddressLine2', 'Norwich'),
      '</AddressLines>',
    );
  parts.push(el('PostCode', 'NR1 1AA'), '</Address>');
  // A contact has its own Surname and Forename: they must not be taken for the pupil's.
  parts.push(
    '<Contacts><Contact>',
    el('Order', 1),
    el('Forename', 'Parent'),
    el('Surname', 'Contact-Name'),
    el('Relationship', 'PAR'),
    el('Responsibility', 'true'),
    '</Contact></Contacts>',
  );
  if (!omit.has('Attendance')) {
    parts.push('<Attendance>');
    // Older year first: the importer must take the latest by Year, not the last in the file.
    for (const year of [...l.years].reverse()) {
      parts.push('<YearData>', el('Year', year.year), el('LEA', '873'), el('Estab', '2001'));
      parts.push(
        el('SessionsPossible', year.possible),
        el('SessionsAuthorised', 5),
        el('SessionsAttended', year.attended),
      );
      parts.push(
        el('SessionsUnauthorised', year.possible - year.attended - 5 > 0 ? year.possible - year.attended - 5 : 0),
      );
      parts.push('</YearData>');
    }
    parts.push('</Attendance>');
  }
  parts.push(
    '<StageAssessments><KeyStage>',
    el('Stage', 'KS2'),
    '<StageAssessment>',
    el('Locale', 'ENG'),
    el('Year', 2024),
    el('Subject', 'MAT'),
    el('Method', 'TT'),
    el('Component', 'MTC'),
    el('ResultStatus', 'R'),
    el('ResultQualifier', 'MT'),
    el('Result', 20),
    '</StageAssessment></KeyStage></StageAssessments>',
  );
  if (!omit.has('SchoolHistory')) {
    parts.push('<SchoolHistory>');
    for (const school of l.schools) {
      parts.push(
        '<School>',
        el('LEA', school.lea),
        el('Estab', school.estab),
        el('SchoolName', 'A School'),
        el('EntryDate', school.entry),
      );
      if (school.leaving) parts.push(el('LeavingDate', school.leaving), el('LeavingReason', 'TRANS'));
      parts.push('</School>');
    }
    parts.push('</SchoolHistory>');
  }
  parts.push('</Pupil>\n');
  return parts.join('');
}

/** The file, in chunks of about `chunkPupils` pupils. */
export async function* generateCtf(options: GenerateCtfOptions, chunkPupils = 200): AsyncGenerator<string> {
  const source = options.source ?? { lea: '873', estab: '2001', name: 'Generated Source School' };
  const destination = options.destination ?? { lea: '999', estab: '9001' };
  const asOf = options.asOf ?? new Date();
  yield [
    '<?xml version="1.0" encoding="utf-8"?>\n<CTfile>\n<Header>',
    el('DocumentName', 'Common Transfer File'),
    el('CTFversion', options.version ?? ctfVersionFor(asOf)),
    el('DateTime', asOf.toISOString().slice(0, 19)),
    el('DocumentQualifier', 'partial'),
    el('SupplierID', 'generate-ctf'),
    '<SourceSchool>',
    el('LEA', source.lea),
    el('Estab', source.estab),
    el('SchoolName', source.name ?? 'Generated Source School'),
    el('AcademicYear', asOf.getUTCMonth() >= 8 ? asOf.getUTCFullYear() : asOf.getUTCFullYear() - 1),
    '</SourceSchool>',
    '<DestSchool>',
    el('LEA', destination.lea),
    el('Estab', destination.estab),
    '</DestSchool>',
    '</Header>\n<CTFpupilData>\n',
  ].join('');
  let chunk: string[] = [];
  for (let i = 0; i < options.pupils; i++) {
    if (options.malformedAfter !== undefined && i === options.malformedAfter) {
      chunk.push('<Pupil><UPN>A000</UPN><Surname>Broken</Pupil>');
      yield chunk.join('');
      return;
    }
    chunk.push(pupilXml(options, i));
    if (chunk.length >= chunkPupils) {
      yield chunk.join('');
      chunk = [];
    }
  }
  chunk.push('</CTFpupilData>\n</CTfile>\n');
  yield chunk.join('');
}

/** The whole file as a Buffer (for small files in tests). */
export async function generateCtfBuffer(options: GenerateCtfOptions): Promise<Buffer> {
  const parts: string[] = [];
  for await (const part of generateCtf(options)) parts.push(part);
  return Buffer.from(parts.join(''), 'utf8');
}

/** Writes the file to `path`, streaming; returns its size in bytes. */
export async function writeCtfFile(path: string, options: GenerateCtfOptions): Promise<number> {
  const out = createWriteStream(path);
  let size = 0;
  for await (const part of generateCtf(options)) {
    size += Buffer.byteLength(part);
    if (!out.write(part)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return size;
}
