/**
 * A payment of `amountPence` shared over invoices in the order given (oldest due first),
 * each taking at most what it still owes; the rest is left over as account credit.
 */
export function allocate(
  amountPence: number,
  invoices: readonly { id: string; amountDuePence: number }[],
): { allocations: { invoiceId: string; amountPence: number }[]; unallocatedPence: number } {
  let left = amountPence;
  const allocations: { invoiceId: string; amountPence: number }[] = [];
  for (const invoice of invoices) {
    if (left === 0) break;
    const take = Math.min(left, Math.max(0, invoice.amountDuePence));
    if (take > 0) {
      allocations.push({ invoiceId: invoice.id, amountPence: take });
      left -= take;
    }
  }
  return { allocations, unallocatedPence: left };
}
