// Helpers for the payments integration tests: households with bank accounts, entitlements set as a
// programme would, and a payroll run awaited to its end.
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, inTransaction, type Actor } from '#kernel';
import { buildHousehold } from '../../test/factories';
import type { Platform } from '../../apps/server/src/platform';
import { setEntitlement, stopEntitlement, type EntitlementInput } from './entitlements.service';

let accountSeq = 0;

/** A household of `members` in `divisionCode`, with a bank account (set as the registry stores it). */
export async function payee(p: Platform, divisionCode = '140321100201', members = 2) {
  const h = await buildHousehold(p, divisionCode, members);
  const account = `62284800${String(10_000_000_000 + ++accountSeq * 7919).slice(-11)}`;
  await p.db.orm.execute(sql`UPDATE registry.households SET bank_name = '中国农业银行平定支行', bank_account = ${account} WHERE id = ${h.household.id}`);
  return { ...h, householdId: h.household.id, divisionCode, account };
}

export function entitle(p: Platform, h: { householdId: number; divisionCode: string }, programme: string, monthlyAmountFen: number,
  fromMonth: string, over: Partial<EntitlementInput> = {}, actor: Actor = SYSTEM_ACTOR) {
  return inTransaction(p.db, (tx) => setEntitlement(tx, actor, {
    programme, householdId: h.householdId, divisionCode: h.divisionCode, monthlyAmountFen, fromMonth,
    reason: '审批通过', sourceType: 'test', sourceId: `${programme}-${h.householdId}`, ...over,
  }));
}

export function stop(p: Platform, h: { householdId: number }, programme: string, lastMonth: string, reason: string) {
  return inTransaction(p.db, (tx) => stopEntitlement(tx, SYSTEM_ACTOR, { programme, householdId: h.householdId, lastMonth, reason }));
}

export async function linesOf(p: Platform, runId: number) {
  const { rows } = await p.db.orm.execute(sql`SELECT household_id, programme, amount_fen, change, previous_amount_fen, stop_reason, hold_reason,
    entitlement_fen, adjustment_fen, bank_account FROM payments.payroll_lines WHERE run_id = ${runId} ORDER BY household_id, programme`);
  return rows as {
    household_id: number; programme: string; amount_fen: number; change: string; previous_amount_fen: number | null;
    stop_reason: string | null; hold_reason: string | null; entitlement_fen: number; adjustment_fen: number; bank_account: string | null;
  }[];
}
