import { describe, expect, it } from 'vitest';
import { actionsFrom, ORDER_STATES, splitVoucher, transition, TRANSITIONS, type OrderAction, type OrderState } from './order.rules';

describe('the home-service order transition table', () => {
  const allowed: [OrderState, OrderAction, OrderState][] = [
    ['created', 'dispatch', 'dispatched'], ['dispatched', 'dispatch', 'dispatched'], ['dispatched', 'checkIn', 'checked_in'],
    ['checked_in', 'complete', 'completed'], ['completed', 'rate', 'rated'],
    ['created', 'cancel', 'cancelled'], ['dispatched', 'cancel', 'cancelled'], ['checked_in', 'cancel', 'cancelled'],
  ];
  it.each(allowed)('from %s, %s leads to %s', (from, action, to) => {
    expect(transition(from, action)).toEqual({ ok: true, to });
  });

  it('refuses every other move with the state named', () => {
    const states = Object.keys(ORDER_STATES) as OrderState[];
    let refused = 0;
    for (const s of states) {
      for (const a of Object.keys(TRANSITIONS) as OrderAction[]) {
        if (allowed.some(([f, x]) => f === s && x === a)) continue;
        const r = transition(s, a);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toContain(ORDER_STATES[s]);
        refused++;
      }
    }
    expect(refused).toBe(states.length * 5 - allowed.length);
  });

  it('offers no action on a rated or cancelled order, and cannot cancel a completed one', () => {
    expect(actionsFrom('rated')).toEqual([]);
    expect(actionsFrom('cancelled')).toEqual([]);
    expect(actionsFrom('completed')).toEqual(['rate']);
    expect(transition('completed', 'cancel').ok).toBe(false);
  });
});

describe('the voucher split', () => {
  const base = { amountFen: 3000, entitled: true, inInstitution: false, budgetFen: 10000, usedFen: 0 };
  it('pays the whole order from the voucher while the month has budget left', () => {
    expect(splitVoucher(base)).toMatchObject({ voucherFen: 3000, copayFen: 0 });
  });
  it('pays what is left of the budget and leaves the rest as co-pay', () => {
    expect(splitVoucher({ ...base, usedFen: 8500 })).toMatchObject({ voucherFen: 1500, copayFen: 1500 });
    expect(splitVoucher({ ...base, usedFen: 10000 })).toMatchObject({ voucherFen: 0, copayFen: 3000 });
    expect(splitVoucher({ ...base, usedFen: 12000 })).toMatchObject({ voucherFen: 0, copayFen: 3000 });
  });
  it('pays nothing for a person not entitled or living in an institution', () => {
    expect(splitVoucher({ ...base, entitled: false })).toMatchObject({ voucherFen: 0, copayFen: 3000 });
    expect(splitVoucher({ ...base, inInstitution: true }).reason).toContain('养老机构');
  });
  it('always sums to the amount', () => {
    for (let used = 0; used <= 12000; used += 700) {
      for (const amountFen of [0, 1, 999, 3000, 25000]) {
        const s = splitVoucher({ ...base, amountFen, usedFen: used });
        expect(s.voucherFen + s.copayFen).toBe(amountFen);
        expect(s.voucherFen).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
