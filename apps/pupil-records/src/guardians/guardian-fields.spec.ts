import { applyGuardianFields, checkGuardianFields, normalisePostcode, toGuardianView } from './guardian-fields';
import { Guardian } from './guardian.entity';

const valid = { forename: 'Alex', surname: 'Parent', relationship: 'mother' as const, parentalResponsibility: true };
const fieldsOf = (errors: { field: string }[]) => errors.map((e) => e.field).sort();

describe('guardian fields (checked again in the service, behind the gateway DTOs)', () => {
  it('accepts the required fields alone on create, and nothing at all on update', () => {
    expect(checkGuardianFields(valid, true)).toEqual([]);
    expect(checkGuardianFields({}, false)).toEqual([]);
  });

  it('names every missing or bad field on create', () => {
    expect(fieldsOf(checkGuardianFields({}, true))).toEqual(
      ['forename', 'parentalResponsibility', 'relationship', 'surname'].sort(),
    );
    const errors = checkGuardianFields(
      {
        ...valid,
        relationship: 'uncle' as never,
        email: 'nope',
        telephone: 'call me',
        priority: 0,
        address: { line1: '', town: 'Town', postcode: 'XYZ' },
      },
      true,
    );
    expect(fieldsOf(errors)).toEqual(
      ['address.line1', 'address.postcode', 'email', 'priority', 'relationship', 'telephone'].sort(),
    );
  });

  it('refuses null for a field that must have a value, and fields it does not know', () => {
    expect(fieldsOf(checkGuardianFields({ surname: null as never, nickname: 'Al' } as never, false))).toEqual([
      'nickname',
      'surname',
    ]);
  });

  it('reports only the fields that really changed, normalising email and postcode', () => {
    const row = Object.assign(new Guardian(), { id: 'g', pupilId: 'p', createdAt: new Date(), updatedAt: new Date() });
    applyGuardianFields(row, { ...valid, email: 'A@B.org', priority: 1 });
    expect(row.email).toBe('a@b.org');
    expect(applyGuardianFields(row, { forename: ' Alex ', email: 'a@b.org' })).toEqual([]);
    expect(
      applyGuardianFields(row, { surname: 'Other', address: { line1: '1 Road', town: 'Town', postcode: 'sw1a1aa' } }),
    ).toEqual(['surname', 'address']);
    expect(toGuardianView(row).address).toEqual({ line1: '1 Road', line2: null, town: 'Town', postcode: 'SW1A 1AA' });
    expect(applyGuardianFields(row, { address: null })).toEqual(['address']);
    expect(toGuardianView(row).address).toBeNull();
  });

  it('writes postcodes the Royal Mail way', () => {
    expect(normalisePostcode('sw1a1aa')).toBe('SW1A 1AA');
    expect(normalisePostcode('M1  1AE')).toBe('M1 1AE');
  });
});
