// The decision and what follows it: enrolment into payments (same transaction), or a refusal with
// its reasons and calculation, and the applicant's request for review.
import { recordAudit, type Actor, type Tx, type IsoDate } from '#kernel';
import { monthOf, nextMonth, setEntitlement } from '#payments';
import type { ApplicationRow } from './schema';
import { calculateApplication, SUBJECT_TYPE, updateApplication } from './applications.service';

/** 民发〔2021〕57号: payment starts the month after approval. */
export const firstPaymentMonth = (approvedOn: IsoDate) => nextMonth(monthOf(approvedOn));

/** Why an approval cannot stand, or null: the household must be eligible on the first payment month's parameters. */
export async function approvalRefusal(tx: Tx, app: ApplicationRow, today: IsoDate): Promise<string | null> {
  const calc = await calculateApplication(tx, app, firstPaymentMonth(today));
  if (!calc.eligible || calc.monthlyAmountFen <= 0) {
    return `按 ${calc.month} 的标准计算不符合低保条件（月人均收入 ${calc.perCapitaIncomeFen / 100} 元，标准 ${calc.standardFen / 100} 元），应作不予纳入决定`;
  }
  return null;
}

/** Approves: computes the amount for the first payment month, hands the entitlement to payments, keeps the calculation. */
export async function enrol(tx: Tx, actor: Actor, app: ApplicationRow, today: IsoDate) {
  const fromMonth = firstPaymentMonth(today);
  const calc = await calculateApplication(tx, app, fromMonth);
  const { entitlement } = await setEntitlement(tx, actor, {
    programme: 'dibao', householdId: app.householdId, divisionCode: app.divisionCode,
    monthlyAmountFen: calc.monthlyAmountFen, fromMonth,
    reason: `低保审批纳入（申请第 ${app.id} 号）`, sourceType: SUBJECT_TYPE, sourceId: app.id,
  });
  await updateApplication(tx, app.id, { decision: 'approved', decidedAt: new Date(), calculation: calc, fromMonth, refusalReasons: null });
  await recordAudit(tx, actor, {
    action: 'assistance.application.approved', entityType: SUBJECT_TYPE, entityId: app.id, divisionCode: app.divisionCode,
    after: { monthlyAmountFen: calc.monthlyAmountFen, fromMonth, entitlementId: entitlement.id },
  });
  return { monthlyAmountFen: calc.monthlyAmountFen, fromMonth, entitlementId: entitlement.id };
}

/** Refuses: keeps the reasons and the calculation (when one can be made) for the written notice. */
export async function recordRefusal(tx: Tx, actor: Actor, app: ApplicationRow, reasons: string, today: IsoDate) {
  const calc = await calculateApplication(tx, app, monthOf(today)).catch(() => null);
  await updateApplication(tx, app.id, { decision: 'refused', decidedAt: new Date(), calculation: calc, refusalReasons: reasons.trim(), fromMonth: null });
  await recordAudit(tx, actor, {
    action: 'assistance.application.refused', entityType: SUBJECT_TYPE, entityId: app.id, divisionCode: app.divisionCode, reason: reasons.trim(),
  });
}

/** 复核: the refusal no longer stands while the case is re-examined. */
export async function recordReviewRequest(tx: Tx, actor: Actor, app: ApplicationRow, grounds: string) {
  const requests = [...(app.reviewRequests as unknown[]), { grounds: grounds.trim(), at: new Date().toISOString(), by: actor.displayName }];
  await updateApplication(tx, app.id, { decision: null, decidedAt: null, reviewRequests: requests });
}
