// What staff and citizens read about applications: the case file, the public-notice roster, the
// refusal notice and the household's assistance history (一户一条救助链).
import { and, eq, inArray, like } from 'drizzle-orm';
import { caseDetail, definitionOf, getInstance, todayInChina, workflowInstances, DomainError, type Actor, type Executor } from '#kernel';
import { mustGetHousehold } from '#registry';
import { listAdjustments, listEntitlements, programmeName } from '#payments';
import { applicationsByIds, applicationsOfHousehold, calculateApplication, getApplication } from './applications.service';
import { firstPaymentMonth } from './decisions.service';
import { TEKUN_WORKFLOW } from './tekun/tekun.keys';
import { DIBAO_WORKFLOW } from './dibao.keys';
import type { ApplicationRow } from './schema';
import type { CalculationResult } from './calculator.schemas';
import { renderRefusalNotice } from './refusal-notice';

/**
 * The application with its case: state, deadlines, the actor's buttons and the history; while no
 * decision is made, the calculation on its facts so far (`estimate`) for the first payment month.
 */
export async function applicationDetail(exec: Executor, actor: Actor, id: number, today = todayInChina()) {
  const app = await getApplication(exec, actor, id);
  const estimate = app.decision ? null : await calculateApplication(exec, app, firstPaymentMonth(today)).catch(() => null);
  return { ...app, estimate, case: app.instanceId ? await caseDetail(exec, actor, app.instanceId) : null };
}

/**
 * 公示名单: the dibao and tekun cases of a village (or any area in reach) now in public notice, with masked ID
 * numbers and the proposed monthly amount. Generated from the records, never typed.
 */
export async function noticeRoster(exec: Executor, actor: Actor, villageCode: string) {
  if (!villageCode.startsWith(actor.divisionCode) && !actor.divisionCode.startsWith(villageCode)) return { villageCode, items: [] };
  const prefix = villageCode.length >= actor.divisionCode.length ? villageCode : actor.divisionCode;
  const cases = await exec.select().from(workflowInstances).where(and(
    inArray(workflowInstances.workflowKey, [DIBAO_WORKFLOW, TEKUN_WORKFLOW]), eq(workflowInstances.state, 'notice'),
    like(workflowInstances.divisionCode, `${prefix}%`),
  ));
  const apps = new Map((await applicationsByIds(exec, actor, cases.map((c) => Number(c.subjectId)))).map((a) => [a.id, a]));
  const items = cases.flatMap((c) => {
    const a = apps.get(Number(c.subjectId));
    if (!a) return [];
    const proposal = a.proposal as CalculationResult | null;
    const counted = a.programme === 'tekun' ? 1 : (a.members as { included: boolean }[]).filter((m) => m.included).length;
    return [{
      applicationId: a.id, programme: a.programme, programmeName: programmeName(a.programme), divisionCode: a.divisionCode,
      applicantName: a.applicantName, idNumberMasked: a.applicantIdMasked, members: counted,
      monthlyAmountFen: proposal?.monthlyAmountFen ?? null, noticeUntil: c.dueAt,
    }];
  });
  return { villageCode, items };
}

/** The written refusal (不予确认告知书) as printable zh-CN HTML. */
export async function refusalNoticeHtml(exec: Executor, actor: Actor, id: number): Promise<string> {
  const app = await getApplication(exec, actor, id);
  if (app.decision !== 'refused') {
    throw new DomainError('APPLICATION_NOT_REFUSED', '该申请没有不予纳入的决定，无需出具告知书', { status: 409 });
  }
  return renderRefusalNotice(app);
}

/** Applications, decisions and entitlement periods of one household across programmes. */
export async function householdAssistanceHistory(exec: Executor, actor: Actor, householdId: number) {
  await mustGetHousehold(exec, actor, householdId);
  const apps = await applicationsOfHousehold(exec, actor, householdId);
  const cases = await Promise.all(apps.map((a) => (a.instanceId ? getInstance(exec, actor, a.instanceId).catch(() => null) : null)));
  const entitlements = await listEntitlements(exec, actor, householdId).catch(() => []);
  const adjustments = await listAdjustments(exec, actor, householdId).catch(() => []);
  return {
    householdId,
    applications: apps.map((a: ApplicationRow, i) => {
      const c = cases[i];
      const calc = a.calculation as CalculationResult | null;
      return {
        id: a.id, programme: a.programme, programmeName: programmeName(a.programme), receivedAt: a.createdAt,
        receivingDivisionCode: a.receivingDivisionCode, divisionCode: a.divisionCode,
        state: c?.state ?? null, stateLabel: c ? definitionOf(c).states[c.state]?.label ?? c.state : null,
        decision: a.decision, decidedAt: a.decidedAt, refusalReasons: a.refusalReasons,
        monthlyAmountFen: calc?.monthlyAmountFen ?? null, fromMonth: a.fromMonth,
      };
    }),
    decisions: apps.filter((a) => a.decision).map((a) => ({
      applicationId: a.id, programme: a.programme, decision: a.decision, decidedAt: a.decidedAt,
      monthlyAmountFen: (a.calculation as CalculationResult | null)?.monthlyAmountFen ?? null, fromMonth: a.fromMonth, reasons: a.refusalReasons,
    })),
    entitlements: entitlements.map((e) => ({
      id: e.id, programme: e.programme, programmeName: programmeName(e.programme), personId: e.personId, monthlyAmountFen: e.monthlyAmountFen,
      fromMonth: e.fromMonth, toMonth: e.toMonth, reason: e.reason, stopReason: e.stopReason, withdrawn: e.withdrawnAt != null,
      source: `${e.sourceType}:${e.sourceId}`,
    })),
    /** one-off corrections with a month's payroll; a recovery (追回) is negative */
    adjustments: adjustments.map((x) => ({
      id: x.id, programme: x.programme, programmeName: programmeName(x.programme), month: x.month, amountFen: x.amountFen,
      reason: x.reason, recovery: x.amountFen < 0, createdAt: x.createdAt,
    })),
  };
}
