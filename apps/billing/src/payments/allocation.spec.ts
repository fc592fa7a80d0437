import { allocate } from './allocation';

describe('payment allocation: oldest due first, never more than an invoice owes, the rest account credit', () => {
  const invoices = [
    { id: 'a', amountDuePence: 1_000 },
    { id: 'b', amountDuePence: 0 },
    { id: 'c', amountDuePence: 2_500 },
  ];

  it('pays invoices in order, each up to what it owes', () => {
    expect(allocate(1_800, invoices)).toEqual({
      allocations: [
        { invoiceId: 'a', amountPence: 1_000 },
        { invoiceId: 'c', amountPence: 800 },
      ],
      unallocatedPence: 0,
    });
  });

  it('leaves an overpayment as account credit', () => {
    expect(allocate(4_000, invoices).unallocatedPence).toBe(500);
    expect(allocate(700, [])).toEqual({ allocations: [], unallocatedPence: 700 });
  });
});
