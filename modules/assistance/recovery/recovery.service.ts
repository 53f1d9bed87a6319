// 死亡追回: a death recorded with a date in a month already paid turns the overpaid months into one
// recovery adjustment (a negative amount) in the next payroll the county has not signed.
import { SYSTEM_ACTOR, recordAudit, type Tx } from '#kernel';
import { addAdjustment, firstOpenMonth, listAdjustments, nextMonth, monthOf, paidMonths, type Adjustment } from '#payments';
import { overpaidMonths, recoveryReason } from './recovery.rules';

export interface RecoveryInput {
  programme: string;
  householdId: number;
  /** a personal entitlement (tekun); null for the household's (dibao) */
  personId: number | null;
  divisionCode: string;
  deathDate: string;
  /** the deceased, for the reason */
  name: string;
  /** what was still due for a month after the death (the household's recomputed amount; 0 for a personal benefit) */
  dueFen: (month: string) => Promise<number> | number;
}

/** Records the recovery once (a second delivery of the death finds it and does nothing); null when nothing was overpaid. */
export async function recoverAfterDeath(tx: Tx, r: RecoveryInput): Promise<Adjustment | null> {
  const paid = await paidMonths(tx, { programme: r.programme, householdId: r.householdId, personId: r.personId }, nextMonth(monthOf(r.deathDate)));
  const due = new Map<string, number>();
  for (const p of paid) if (!due.has(p.month)) due.set(p.month, await r.dueFen(p.month));
  const months = overpaidMonths(paid, r.deathDate, (m) => due.get(m) ?? 0);
  if (months.length === 0) return null;
  const reason = recoveryReason(r.name, r.deathDate, months);
  const existing = await listAdjustments(tx, SYSTEM_ACTOR, r.householdId);
  if (existing.some((a) => a.programme === r.programme && a.reason === reason)) return null;
  const month = await firstOpenMonth(tx, r.divisionCode, nextMonth(months.at(-1)!.month));
  const total = months.reduce((a, m) => a + m.overFen, 0);
  const adjustment = await addAdjustment(tx, SYSTEM_ACTOR, { householdId: r.householdId, programme: r.programme, month, amountFen: -total, reason });
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'assistance.overpayment.recovered', entityType: 'adjustment', entityId: adjustment.id, divisionCode: r.divisionCode, reason,
    after: { programme: r.programme, householdId: r.householdId, personId: r.personId, month, amountFen: -total, months },
  });
  return adjustment;
}
