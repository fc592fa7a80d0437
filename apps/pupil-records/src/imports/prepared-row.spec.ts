import { ImportRecord } from '../ctf/ctf-parser';
import { checkImportedPupil } from './imported-pupil-rules';
import { newPupilCopyLine } from './imported-columns';
import { fieldsOf, prepareRow } from './prepared-row';

const TODAY = '2026-11-30';
const SCHOOL = { laCode: '996', establishmentNumber: '8002' };

function record(overrides: Partial<ImportRecord> = {}): ImportRecord {
  return {
    position: 7,
    upn: 'A123456789012',
    fields: { legalForename: ' Amy ', legalSurname: "O'Brien", dateOfBirth: '2016-03-04', yearGroup: '5' },
    schoolHistory: [],
    problems: [],
    warnings: [],
    ...overrides,
  };
}

describe('a row prepared as it is read (on the parsing thread) carries what the import needs (P14, P15)', () => {
  it("runs the API's rules for a new pupil and makes its insert's COPY line from the normalised fields", () => {
    const row = prepareRow(record(), null, TODAY);
    expect(row).toMatchObject({ position: 7, upn: 'A123456789012', problem: null, asNew: { today: TODAY } });
    const check = row.asNew!.check;
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.copyLine).toBe(
      newPupilCopyLine('A123456789012', {
        legalForename: 'Amy',
        legalSurname: "O'Brien",
        dateOfBirth: '2016-03-04',
        yearGroup: '5',
      }),
    );
    expect(check.senNeeds).toBe(false);
  });

  it('leaves SEN needs out of a new pupil’s COPY line and says they were there (P16: no consent for a new pupil)', () => {
    const withNeeds = prepareRow(record({ fields: { ...record().fields, senNeeds: ['SPLD'] } }), null, TODAY);
    const without = prepareRow(record(), null, TODAY);
    expect(withNeeds.asNew!.check).toMatchObject({ ok: true, senNeeds: true });
    expect(without.asNew!.check).toMatchObject({ ok: true, senNeeds: false });
    expect(withNeeds.asNew!.check).toMatchObject({ copyLine: (without.asNew!.check as { copyLine: string }).copyLine });
  });

  it('refuses a formula in a name as the API does, naming the field and not the value', () => {
    const row = prepareRow(record({ fields: { ...record().fields, legalSurname: '=HYPERLINK("x")' } }), null, TODAY);
    expect(row.asNew!.check).toMatchObject({ ok: false, field: 'legalSurname' });
    expect(JSON.stringify(row.asNew!.check)).not.toContain('HYPERLINK');
  });

  it('keeps the fields as read for a pupil already on the register, whose rules need the stored record', () => {
    const fields = { ...record().fields, middleNames: null, entryDate: null };
    const row = prepareRow(record({ fields }), null, TODAY);
    expect(fieldsOf(row)).toEqual(fields);
    expect(checkImportedPupil(fieldsOf(row), null, TODAY)).toEqual(checkImportedPupil(fields, null, TODAY));
  });

  it("applies this school's spell from the school history, never another school's", () => {
    const schoolHistory = [
      { lea: '873', estab: '2001', entryDate: '2020-09-01', leavingDate: '2021-07-20' },
      { lea: '996', estab: '08002', entryDate: '2021-09-01', leavingDate: null },
    ];
    const row = prepareRow(record({ schoolHistory }), SCHOOL, TODAY);
    expect(fieldsOf(row)).toMatchObject({ entryDate: '2021-09-01' });
    expect(fieldsOf(row)).not.toHaveProperty('leavingDate');
    expect(fieldsOf(prepareRow(record({ schoolHistory }), null, TODAY))).not.toHaveProperty('entryDate');
  });

  it('carries a row refused as read with its first problem and no rules run', () => {
    const problems = [
      { field: 'upn', reason: 'not a valid UPN' },
      { field: 'yearGroup', reason: 'missing' },
    ];
    const row = prepareRow(record({ upn: 'X1', problems, warnings: ['Ethnicity skipped'] }), null, TODAY);
    expect(row).toMatchObject({ problem: problems[0], asNew: null, warnings: ['Ethnicity skipped'] });
  });
});
