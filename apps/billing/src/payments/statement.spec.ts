import { statementOf } from './statement';

describe('statement of account: balance brought forward, running balance, balance carried forward', () => {
  const movements = [
    { kind: 'invoice' as const, day: '2026-09-01', reference: 'INV-1', amountPence: 132_000 },
    { kind: 'payment' as const, day: '2026-09-20', reference: 'BACS', amountPence: -32_000 },
    { kind: 'credit_note' as const, day: '2026-10-02', reference: 'CN-1', amountPence: -12_000 },
    { kind: 'payment' as const, day: '2026-10-05', reference: 'BACS 2', amountPence: -100_000 },
  ];

  it('carries everything before the first day forward and runs the balance after each line', () => {
    expect(statementOf(movements, '2026-10-01')).toEqual({
      openingBalancePence: 100_000,
      lines: [
        { date: '2026-10-02', kind: 'credit_note', reference: 'CN-1', amountPence: -12_000, balancePence: 88_000 },
        { date: '2026-10-05', kind: 'payment', reference: 'BACS 2', amountPence: -100_000, balancePence: -12_000 },
      ],
      closingBalancePence: -12_000, // in credit
    });
  });

  it('from the beginning: opening 0 and every line', () => {
    const whole = statementOf(movements, undefined);
    expect(whole.openingBalancePence).toBe(0);
    expect(whole.lines.map((l) => l.balancePence)).toEqual([132_000, 100_000, 88_000, -12_000]);
  });
});
