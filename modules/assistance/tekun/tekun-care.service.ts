// 照料护理等级随能力评估调整: a completed elderly capability assessment (GB/T 42195-2022, event
// `elderly.assessed`) of an enrolled tekun person re-grades their care (全自理 / 半自理 / 全护理) by the
// dated mapping `tekun.careGrade.byCapabilityLevel`, records it on the case history (a system step of the
// tekun procedure) and on the application, and hands payments the new `tekun_care` amount from the
// month after the assessment, or the first month the county has not signed.
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError, SYSTEM_ACTOR, findParameter, getInstance, on, recordAudit, transition, type Actor, type Tx } from '#kernel';
import { firstOpenMonth, listEntitlements, monthOf, nextMonth, setEntitlement } from '#payments';
import { applications, type ApplicationRow } from '../schema';
import { calculateApplication, SUBJECT_TYPE, updateApplication } from '../applications.service';
import { yuan } from '../explain';
import { CARE_GRADE_NAMES, TEKUN_CARE, tekunParts, type CareGrade } from './tekun-procedure.rules';

/** The elderly module's event: what assistance reads of it. */
export const CAPABILITY_ASSESSED = 'elderly.assessed';
export interface CapabilityAssessed { assessmentId: number; personId: number; level: number; assessedOn: string }

export const CARE_GRADE_BY_LEVEL = 'tekun.careGrade.byCapabilityLevel';
export const REGRADE_CARE = 'regradeCare';
/** GB/T 42195-2022 老年人能力等级 0–4 */
export const CAPABILITY_LEVEL_NAMES = ['能力完好', '轻度失能', '中度失能', '重度失能', '完全失能'] as const;

export const regradeInput = z.object({
  assessmentId: z.number().int().positive(),
  level: z.number().int().min(0).max(4),
  assessedOn: z.iso.date(),
});
export type RegradeInput = z.infer<typeof regradeInput>;

const GRADES = Object.keys(CARE_GRADE_NAMES) as CareGrade[];

/** The care grade a capability level maps to on `date` in the division, by the dated parameter. */
export async function careGradeOfLevel(tx: Tx, divisionCode: string, date: string, level: number): Promise<CareGrade> {
  const p = await findParameter(tx, CARE_GRADE_BY_LEVEL, { divisionCode, date });
  const grade = (p?.value as Record<string, unknown> | undefined)?.[String(level)];
  if (typeof grade !== 'string' || !GRADES.includes(grade as CareGrade)) {
    throw new DomainError('ASSISTANCE_PARAMETER_INVALID', `参数 ${CARE_GRADE_BY_LEVEL} 在 ${date} 没有能力等级 ${level} 对应的照料护理等级，请管理员补充`, { status: 500 });
  }
  return grade as CareGrade;
}

interface Regrade { grade: CareGrade; previousGrade: CareGrade | null; fromMonth: string; careFen: number | null; note: string }

/**
 * The effect of the `regradeCare` step: the grade on the application; when it changed, the care part
 * recomputed on the first open month's parameters and set as the person's `tekun_care` from that month.
 */
export async function regradeCare(tx: Tx, actor: Actor, app: ApplicationRow, input: RegradeInput): Promise<Regrade> {
  const details = (app.details ?? {}) as Record<string, unknown> & { careGrade?: CareGrade };
  const previousGrade = details.careGrade ?? null;
  const grade = await careGradeOfLevel(tx, app.divisionCode, input.assessedOn, input.level);
  const fromMonth = await firstOpenMonth(tx, app.divisionCode, nextMonth(monthOf(input.assessedOn)));
  const source = `老年人能力评估（GB/T 42195-2022，第 ${input.assessmentId} 号，${input.assessedOn}）：${CAPABILITY_LEVEL_NAMES[input.level]}`;
  const after = await updateApplication(tx, app.id, {
    details: {
      ...details, careGrade: grade, careGradeText: `${source} → ${CARE_GRADE_NAMES[grade]}`,
      careGradeSource: { assessmentId: input.assessmentId, level: input.level, assessedOn: input.assessedOn, fromMonth },
    },
  });
  if (grade === previousGrade) {
    const note = `${source}，照料护理等级不变（${CARE_GRADE_NAMES[grade]}）`;
    await recordAudit(tx, actor, { action: 'assistance.tekun.careRegraded', entityType: SUBJECT_TYPE, entityId: app.id, divisionCode: app.divisionCode, reason: note, after: { grade, previousGrade, fromMonth } });
    return { grade, previousGrade, fromMonth, careFen: null, note };
  }

  const calc = await calculateApplication(tx, after, fromMonth);
  if (!calc.eligible || calc.category !== 'tekun') {
    const note = `${source} → ${CARE_GRADE_NAMES[grade]}；按 ${fromMonth} 的标准测算已不符合特困人员条件，照料护理金未调整，请复核`;
    await recordAudit(tx, actor, { action: 'assistance.tekun.careRegraded', entityType: SUBJECT_TYPE, entityId: app.id, divisionCode: app.divisionCode, reason: note, after: { grade, previousGrade, fromMonth } });
    return { grade, previousGrade, fromMonth, careFen: null, note };
  }
  const { careFen } = tekunParts(calc);
  const reason = `${source}，照料护理等级${previousGrade ? `由${CARE_GRADE_NAMES[previousGrade]}` : ''}调整为${CARE_GRADE_NAMES[grade]}：照料护理标准 ${yuan(careFen)} 元/月`;
  await setEntitlement(tx, actor, {
    programme: TEKUN_CARE, householdId: app.householdId, personId: app.applicantPersonId, divisionCode: app.divisionCode,
    monthlyAmountFen: careFen, fromMonth, reason, sourceType: SUBJECT_TYPE, sourceId: app.id,
  });
  await updateApplication(tx, app.id, { calculation: calc });
  await recordAudit(tx, actor, {
    action: 'assistance.tekun.careRegraded', entityType: SUBJECT_TYPE, entityId: app.id, divisionCode: app.divisionCode, reason,
    before: { careGrade: previousGrade }, after: { careGrade: grade, careFen, fromMonth, assessmentId: input.assessmentId },
  });
  return { grade, previousGrade, fromMonth, careFen, note: reason };
}

/**
 * The reaction to `elderly.assessed`: for a person whose tekun support is confirmed and still paid,
 * takes the `regradeCare` step as the system. Idempotent: an assessment already applied is skipped.
 */
export async function capabilityAssessed(tx: Tx, e: CapabilityAssessed): Promise<void> {
  const [app] = await tx.select().from(applications)
    .where(and(eq(applications.applicantPersonId, e.personId), eq(applications.programme, 'tekun'), eq(applications.decision, 'approved')))
    .orderBy(desc(applications.id)).limit(1);
  if (!app) return;
  const source = (app.details as { careGradeSource?: { assessmentId?: number } } | null)?.careGradeSource;
  if (source?.assessmentId === e.assessmentId) return;
  const instance = app.instanceId ? await getInstance(tx, SYSTEM_ACTOR, app.instanceId) : null;
  if (instance && instance.state !== 'enrolled') return;
  const month = nextMonth(monthOf(e.assessedOn));
  const paid = (await listEntitlements(tx, SYSTEM_ACTOR, app.householdId))
    .some((x) => x.programme === TEKUN_CARE && x.personId === e.personId && !x.withdrawnAt && (x.toMonth === null || x.toMonth >= month));
  if (!paid) return;
  const input = { assessmentId: e.assessmentId, level: e.level, assessedOn: e.assessedOn };
  // enrolled before the platform (no case): the application and the audit log keep the history
  if (!instance) await regradeCare(tx, SYSTEM_ACTOR, app, input);
  else await transition(tx, SYSTEM_ACTOR, instance.id, REGRADE_CARE, input);
}

on<CapabilityAssessed>(CAPABILITY_ASSESSED, 'assistance.tekun.careAfterAssessment', (event, tx) => capabilityAssessed(tx, event.payload));
