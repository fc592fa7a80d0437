import {
  ctfVersionFor,
  decodeDate,
  decodeEthnicity,
  decodeNcYear,
  decodeSenProvision,
  decodeSex,
  encodeNcYear,
  knownCtfVersions,
} from './ctf-codes';

describe('CTF code sets', () => {
  it('rolls extended ethnicity codes up to their main code and refuses unknown ones rather than guessing', () => {
    expect(decodeEthnicity('WBRI')).toEqual({ ok: true, value: 'WBRI' });
    expect(decodeEthnicity('weng')).toEqual({ ok: true, value: 'WBRI' });
    expect(decodeEthnicity('MWAP')).toEqual({ ok: true, value: 'MWAS' });
    expect(decodeEthnicity('BSOM')).toEqual({ ok: true, value: 'BAFR' });
    expect(decodeEthnicity('OKRD')).toEqual({ ok: true, value: 'OOTH' });
    // Same first letter as MOTH, but not a code: never rolled up by prefix.
    expect(decodeEthnicity('MZZZ').ok).toBe(false);
  });

  it('maps NC years: E1/E2/N1/N2 to nursery, R, 1-14; X and others are refused', () => {
    for (const code of ['E1', 'E2', 'N1', 'n2']) expect(decodeNcYear(code)).toEqual({ ok: true, value: 'N' });
    expect(decodeNcYear('R')).toEqual({ ok: true, value: 'R' });
    expect(decodeNcYear('07')).toEqual({ ok: true, value: '7' });
    expect(decodeNcYear('14')).toEqual({ ok: true, value: '14' });
    expect(decodeNcYear('15').ok).toBe(false);
    expect(decodeNcYear('0').ok).toBe(false);
    expect(decodeNcYear('X')).toEqual({ ok: false, reason: expect.stringMatching(/^NCyearActual X/) });
    expect(decodeNcYear(encodeNcYear('N'))).toEqual({ ok: true, value: 'N' });
  });

  it('maps SEN provision N/K/E, and legacy A/P/S with a note', () => {
    expect(decodeSenProvision('N')).toEqual({ ok: true, value: 'none' });
    expect(decodeSenProvision('K')).toEqual({ ok: true, value: 'sen-support' });
    expect(decodeSenProvision('E')).toEqual({ ok: true, value: 'ehc-plan' });
    expect(decodeSenProvision('P')).toMatchObject({ ok: true, value: 'sen-support', note: expect.any(String) });
    expect(decodeSenProvision('S')).toMatchObject({ ok: true, value: 'ehc-plan', note: expect.any(String) });
    expect(decodeSenProvision('Q').ok).toBe(false);
  });

  it('reads Sex/Gender codes and calendar dates only', () => {
    expect(decodeSex('f')).toEqual({ ok: true, value: 'F' });
    expect(decodeSex('Male')).toEqual({ ok: true, value: 'M' });
    expect(decodeSex('X').ok).toBe(false);
    expect(decodeDate('2015-02-28')).toEqual({ ok: true, value: '2015-02-28' });
    expect(decodeDate('2015-02-28T00:00:00')).toEqual({ ok: true, value: '2015-02-28' });
    expect(decodeDate('2015-02-29').ok).toBe(false);
    expect(decodeDate('28/02/2015').ok).toBe(false);
  });

  it('names the CTF version by academic year: CTF 25 from September 2025, and knows the few around it', () => {
    expect(ctfVersionFor(new Date('2025-08-31T12:00:00Z'))).toBe('24.0');
    expect(ctfVersionFor(new Date('2025-09-01T12:00:00Z'))).toBe('25.0');
    expect(knownCtfVersions(new Date('2026-11-25T00:00:00Z'))).toEqual(['24.0', '25.0', '26.0', '27.0']);
  });
});

describe('decodeDate checks the day by arithmetic exactly as Date.UTC did', () => {
  it('accepts and refuses the same days, leap years and years 0-99 included', () => {
    const byDate = (y: number, m: number, d: number) => {
      const date = new Date(Date.UTC(y, m - 1, d));
      return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
    };
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    for (const y of [0, 4, 50, 99, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect([text, decodeDate(text).ok]).toEqual([text, byDate(y, m, d)]);
        }
      }
    }
  });
});
