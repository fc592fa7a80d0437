import {
  CsvColumnMapping,
  CsvImportField,
  normaliseUpn,
  SEN_STATUSES,
  SenNeedType,
  SenStatus,
  YEAR_GROUPS,
  YearGroup,
} from '@pt/contracts';
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import {
  decodeBoolean,
  decodeCount,
  decodeDate,
  decodeEthnicity,
  decodeNcYear,
  decodeSenNeed,
  decodeSenProvision,
  decodeSex,
  Decoded,
} from '../ctf/ctf-codes';
import { ImportedPupilFields, ImportProblem, ImportRecord, upnProblemOf } from '../ctf/ctf-parser';

const MAX_CELL = 200;

/**
 * Reads a CSV export (first line: column headers) a row at a time with csv-parse, and
 * turns each row into the same record a CTF pupil becomes, through the school's column
 * mapping. An empty cell means "not given" and leaves the field as it is (P15), like an
 * absent CTF element; unmapped columns are never read.
 */
export class CsvImportReader implements AsyncIterable<ImportRecord> {
  private consumed = 0;

  constructor(
    private readonly source: Readable,
    private readonly mapping: CsvColumnMapping,
  ) {}

  get bytesRead(): number {
    return this.consumed;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ImportRecord> {
    this.source.on('data', (chunk: Buffer) => (this.consumed += chunk.byteLength));
    const rows = this.source.pipe(
      parse({
        bom: true,
        columns: true,
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        max_record_size: 64 * 1024,
      }),
    );
    this.source.on('error', (error) => rows.destroy(error));
    let position = 0;
    let headerChecked = false;
    for await (const row of rows as AsyncIterable<Record<string, string>>) {
      if (!headerChecked) {
        const missing = Object.keys(this.mapping).filter((column) => !(column in row));
        if (missing.length) throw new CsvHeaderError(missing);
        headerChecked = true;
      }
      yield this.toRecord(++position, row);
    }
  }

  private toRecord(position: number, row: Record<string, string>): ImportRecord {
    const fields: ImportedPupilFields = {};
    const problems: ImportProblem[] = [];
    const warnings: string[] = [];
    let upn: string | null = null;
    let possible: number | undefined;
    let attended: number | undefined;
    for (const [column, field] of Object.entries(this.mapping)) {
      const raw = row[column];
      if (raw === undefined || raw === '') continue;
      if (raw.length > MAX_CELL) {
        warnings.push(`${field}: value longer than ${MAX_CELL} characters; left unchanged`);
        continue;
      }
      if (field === 'upn') {
        upn = normaliseUpn(raw);
        continue;
      }
      const decoded = decodeField(field, raw);
      if (!decoded.ok) {
        // A row that cannot be placed in a year is refused, as in a CTF; other unreadable cells are skipped.
        if (field === 'yearGroup' || field === 'dateOfBirth')
          problems.push({ field, reason: `${field} ${decoded.reason}` });
        else warnings.push(`${field}: ${decoded.reason}; left unchanged`);
        continue;
      }
      if (field === 'attendancePossible') possible = decoded.value as number;
      else if (field === 'attendanceAttended') attended = decoded.value as number;
      else (fields as Record<string, unknown>)[field] = decoded.value;
    }
    if (possible !== undefined && attended !== undefined) {
      if (attended <= possible) fields.attendance = { possibleSessions: possible, attendedSessions: attended };
      else warnings.push('attendance: attended sessions are more than possible sessions; left unchanged');
    } else if (possible !== undefined || attended !== undefined) {
      warnings.push('attendance: both possible and attended sessions are needed; left unchanged');
    }
    const upnRefusal = upnProblemOf(upn);
    if (upnRefusal) problems.unshift(upnRefusal);
    return { position, upn, fields, schoolHistory: [], problems, warnings };
  }
}

/** The mapping names columns the file does not have. */
export class CsvHeaderError extends Error {
  constructor(readonly missing: string[]) {
    super(`The CSV has no column ${missing.map((c) => JSON.stringify(c)).join(', ')} named in the mapping`);
    this.name = 'CsvHeaderError';
  }
}

const YEARS = new Set<string>(YEAR_GROUPS);
const STATUSES = new Set<string>(SEN_STATUSES);

function decodeField(field: Exclude<CsvImportField, 'upn'>, raw: string): Decoded<unknown> {
  switch (field) {
    case 'legalForename':
    case 'legalSurname':
    case 'middleNames':
    case 'preferredForename':
    case 'preferredSurname':
      return { ok: true, value: raw };
    case 'dateOfBirth':
    case 'entryDate':
    case 'leavingDate':
      return decodeDate(raw);
    case 'gender':
      return decodeSex(raw);
    case 'ethnicity':
      return decodeEthnicity(raw);
    case 'yearGroup': {
      const value = raw.toUpperCase().replace(/^(YEAR|Y)\s*/, '');
      if (YEARS.has(value)) return { ok: true, value: value as YearGroup };
      return decodeNcYear(value);
    }
    case 'senStatus':
      if (STATUSES.has(raw.toLowerCase())) return { ok: true, value: raw.toLowerCase() as SenStatus };
      return decodeSenProvision(raw);
    case 'senNeeds': {
      const needs: SenNeedType[] = [];
      for (const part of raw
        .split(/[;,|]/)
        .map((p) => p.trim())
        .filter(Boolean)) {
        const need = decodeSenNeed(part);
        if (!need.ok) return need;
        if (!needs.includes(need.value)) needs.push(need.value);
      }
      return { ok: true, value: needs };
    }
    case 'attendancePossible':
    case 'attendanceAttended':
      return decodeCount(raw);
    case 'fsm':
    case 'fsm6':
    case 'pupilPremium':
    case 'eal':
    case 'inLaCare':
    case 'everInCare':
    case 'giftedAndTalented':
      return decodeBoolean(raw);
  }
}
