// The tekun decision: support from the month after confirmation, handed to payments as two
// entitlements of the person — the basic living standard and the care standard of their grade.
import { recordAudit, type Actor, type Tx, type IsoDate } from '#kernel';
import { firstOpenMonth, setEntitlement } from '#payments';
import type { ApplicationRow } from '../schema';
import { calculateApplication, SUBJECT_TYPE, updateApplication } from '../applications.service';
import { firstPaymentMonth } from '../decisions.service';
import { yuan } from '../explain';
import { TEKUN_BASIC, TEKUN_CARE, tekunParts } from './tekun-procedure.rules';

/** The first month support is paid: the month after confirmation, or the first month the county has not signed. */
const startMonth = (tx: Tx, app: ApplicationRow, today: IsoDate) => firstOpenMonth(tx, app.divisionCode, firstPaymentMonth(today));

/** Why a confirmation cannot stand, or null: the applicant must meet all three conditions on the first payment month's parameters. */
export async function tekunApprovalRefusal(tx: Tx, app: ApplicationRow, today: IsoDate): Promise<string | null> {
  const calc = await calculateApplication(tx, app, await startMonth(tx, app, today));
  if (calc.eligible && calc.category === 'tekun') return null;
  const why = calc.explanation.at(-1)?.text ?? '不符合特困人员认定条件';
  return `按 ${calc.month} 的标准计算不符合特困人员认定条件（${why}），应作不予认定决定`;
}

/** Confirms: the two entitlements from the first payment month, the calculation kept on the application. */
export async function enrolTekun(tx: Tx, actor: Actor, app: ApplicationRow, today: IsoDate) {
  const fromMonth = await startMonth(tx, app, today);
  const calc = await calculateApplication(tx, app, fromMonth);
  const { basicFen, careFen } = tekunParts(calc);
  const common = { householdId: app.householdId, personId: app.applicantPersonId, divisionCode: app.divisionCode, fromMonth, sourceType: SUBJECT_TYPE, sourceId: app.id };
  const basic = await setEntitlement(tx, actor, {
    ...common, programme: TEKUN_BASIC, monthlyAmountFen: basicFen, reason: `特困人员认定（申请第 ${app.id} 号）：基本生活标准 ${yuan(basicFen)} 元/月`,
  });
  const care = await setEntitlement(tx, actor, {
    ...common, programme: TEKUN_CARE, monthlyAmountFen: careFen, reason: `特困人员认定（申请第 ${app.id} 号）：照料护理标准 ${yuan(careFen)} 元/月`,
  });
  await updateApplication(tx, app.id, { decision: 'approved', decidedAt: new Date(), calculation: calc, fromMonth, refusalReasons: null });
  const after = { basicFen, careFen, monthlyAmountFen: calc.monthlyAmountFen, fromMonth, entitlementIds: [basic.entitlement.id, care.entitlement.id] };
  await recordAudit(tx, actor, { action: 'assistance.tekun.approved', entityType: SUBJECT_TYPE, entityId: app.id, divisionCode: app.divisionCode, after });
  return after;
}
