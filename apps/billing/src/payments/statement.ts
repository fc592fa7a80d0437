import { StatementLine } from '@pt/contracts';

/** The balance brought forward before `from`, each movement in `from`..`to` with the balance after it, and the balance carried forward. */
export function statementOf(
  movements: readonly { kind: StatementLine['kind']; day: string; reference: string; amountPence: number }[],
  from: string | undefined,
): { openingBalancePence: number; lines: StatementLine[]; closingBalancePence: number } {
  let balance = 0;
  let opening = 0;
  const lines: StatementLine[] = [];
  for (const movement of movements) {
    balance += movement.amountPence;
    if (from !== undefined && movement.day < from) opening = balance;
    else
      lines.push({
        date: movement.day,
        kind: movement.kind,
        reference: movement.reference,
        amountPence: movement.amountPence,
        balancePence: balance,
      });
  }
  return { openingBalancePence: opening, lines, closingBalancePence: balance };
}
