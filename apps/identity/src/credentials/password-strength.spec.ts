import { passwordProblems } from './password-policy';
import { contextWords, PasswordContext, passwordStrength } from './password-strength';

const JANE: PasswordContext = {
  username: 'jane.smith',
  email: 'j.smith@oakfield.sch.uk',
  firstName: 'Jane',
  lastName: 'Smith',
  schoolName: 'Oakfield Primary School',
};

describe('password strength with context (P2, NIST SP 800-63B)', () => {
  it.each(['Passw0rd1234', 'P@ssw0rd2026', 'Aa1Aa1Aa1Aa1'])(
    'refuses %s, which meets the length and character rules but is easy to guess',
    (password) => {
      expect(passwordProblems(password)).toEqual([
        { field: 'password', message: expect.stringMatching(/^is too easy to guess: \S/) },
      ]);
    },
  );

  it.each([
    ['the username plus digits', 'JaneSmith2026'],
    ['the first name, last name and a year', 'Jane-Smith-1990'],
    ["the email's local part", 'J.Smith123456'],
    ["the school's name", 'OakfieldPrimary1'],
    ["the school's name with its last word", 'Oakfield-School-24'],
    ["the service's name", 'PupilTracking2026'],
  ])('refuses a password built from %s', (_what, password) => {
    expect(passwordStrength(password, JANE).acceptable).toBe(false);
    expect(passwordProblems(password, undefined, 'newPassword', JANE)[0]).toMatchObject({ field: 'newPassword' });
  });

  it('accepts the same shape of password when it is not built from what is known of its owner', () => {
    expect(passwordStrength('JaneSmith2026', { username: 'r.patel', schoolName: 'Hillside Academy' }).acceptable).toBe(
      true,
    );
    expect(passwordProblems('Kestrel-Moor-2026', undefined, 'password', JANE)).toEqual([]);
    expect(passwordProblems('heron over the marsh', undefined, 'password', JANE)).toEqual([]);
  });

  it('gives a reason in words that quotes neither the password nor anything about its owner', () => {
    const [problem] = passwordProblems('OakfieldPrimary1', undefined, 'password', JANE);
    expect(problem.message).toMatch(/personal|guess/i);
    for (const secret of ['Oakfield', 'oakfield', 'Primary1', 'jane', 'smith'])
      expect(problem.message).not.toContain(secret);
  });

  it('words the context into what a guesser tries: each value, its words and adjacent words run together', () => {
    const words = contextWords(JANE);
    expect(words).toEqual(
      expect.arrayContaining([
        'jane.smith',
        'jane',
        'smith',
        'janesmith',
        'oakfield',
        'oakfieldprimary',
        'pupiltracking',
      ]),
    );
  });

  it('estimates only the first 64 characters (the cost grows steeply with length): a repeated one is still refused', () => {
    expect(passwordStrength('Aa1' + 'a'.repeat(125), JANE).acceptable).toBe(false);
    expect(passwordStrength('Kestrel-Moor-2026-heron-lark-' + 'a'.repeat(99), JANE).acceptable).toBe(true);
  });
});
