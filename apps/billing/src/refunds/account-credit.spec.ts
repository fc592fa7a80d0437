import { checkApplication, checkRefund } from './account-credit';

describe('refunds and uses of account credit', () => {
  it('refunds up to the account credit, and no further', () => {
    expect(checkRefund(500, { accountPence: 500 })).toEqual({ ok: true });
    expect(checkRefund(501, { accountPence: 500 })).toMatchObject({
      ok: false,
      code: 'refund.exceeds_credit',
      limitPence: 500,
    });
  });

  it('refunds of a credit note are held to what it has left and to what was paid on its invoice', () => {
    const creditNote = { leftPence: 300, invoicePaidLeftPence: 200 };
    expect(checkRefund(200, { accountPence: 1000, creditNote })).toEqual({ ok: true });
    expect(checkRefund(201, { accountPence: 1000, creditNote })).toMatchObject({
      code: 'refund.exceeds_paid',
      limitPence: 200,
    });
    expect(checkRefund(150, { accountPence: 100, creditNote })).toMatchObject({
      code: 'refund.exceeds_credit',
      limitPence: 100,
    });
  });

  it('uses credit on an invoice up to what it owes and what the credit holds', () => {
    expect(checkApplication(400, 400, { accountPence: 400 })).toEqual({ ok: true });
    expect(checkApplication(401, 1000, { accountPence: 400 })).toMatchObject({ code: 'refund.exceeds_credit' });
    expect(checkApplication(300, 200, { accountPence: 400 })).toMatchObject({
      code: 'credit.exceeds_amount_due',
      limitPence: 200,
    });
    expect(
      checkApplication(300, 1000, { accountPence: 400, creditNote: { leftPence: 250, invoicePaidLeftPence: 250 } }),
    ).toMatchObject({
      code: 'refund.exceeds_credit',
      limitPence: 250,
    });
  });
});
