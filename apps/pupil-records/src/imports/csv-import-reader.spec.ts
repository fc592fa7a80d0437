import { Readable } from 'node:stream';
import { CsvHeaderError, CsvImportReader } from './csv-import-reader';

async function read(csv: string, mapping: Record<string, string>) {
  const records = [];
  for await (const record of new CsvImportReader(Readable.from([Buffer.from(csv)]), mapping as never)) {
    records.push(record);
  }
  return records;
}

describe('CsvImportReader (P15)', () => {
  it('reads mapped columns only, leaves empty cells as not given, and names unreadable values', async () => {
    const [row] = await read(
      '\uFEFFUPN,Year,FSM,Needs,Possible,Attended,Ethnicity,Secret\nb801200005001,Y4,TRUE,SPLD; ASD,300,280,,do not read\n',
      {
        UPN: 'upn',
        Year: 'yearGroup',
        FSM: 'fsm',
        Needs: 'senNeeds',
        Possible: 'attendancePossible',
        Attended: 'attendanceAttended',
        Ethnicity: 'ethnicity',
      },
    );
    expect(row).toEqual({
      position: 1,
      upn: 'B801200005001',
      fields: {
        yearGroup: '4',
        fsm: true,
        senNeeds: ['SPLD', 'ASD'],
        attendance: { possibleSessions: 300, attendedSessions: 280 },
      },
      schoolHistory: [],
      problems: [],
      warnings: [],
    });
  });

  it('refuses a row without a usable year group; skips other unreadable cells with a warning', async () => {
    const rows = await read('UPN,Year,Sex\nB801200005001,Year 15,Q\n', {
      UPN: 'upn',
      Year: 'yearGroup',
      Sex: 'gender',
    });
    expect(rows[0].problems).toEqual([
      { field: 'yearGroup', reason: 'yearGroup NCyearActual is not N1, N2, E1, E2, R or 1-14' },
    ]);
    expect(rows[0].warnings).toEqual(['gender: Sex is not M, F or U; left unchanged']);
  });

  it('fails when the mapping names a column the file does not have', async () => {
    await expect(
      read('UPN,Surname\nB801200005001,X\n', { UPN: 'upn', Forename: 'legalForename' }),
    ).rejects.toBeInstanceOf(CsvHeaderError);
  });
});
