// Capability assessments: score without saving, save with assessors and reason, history, report.
import { and, desc, eq } from 'drizzle-orm';
import { emit, maskIdNumber, recordAudit, todayInChina, type Actor, type Executor, type IsoDate, type Tx, notFound, scopeCondition } from '#kernel';
import { assessments } from '../schema';
import { loadElderlyParams } from '../parameters';
import { requireElderly } from '../access';
import { answersInvalid, assessedInFuture } from '../errors';
import { olderPerson, personInScope } from '../register/person.reads';
import { checkAnswers, score, type ScoreInput, type ScoreResult } from './score.rules';
import { ITEMS, LEVELS, REASONS, type AssessmentReason } from './items';
import type { AssessmentInput } from './assessment.schemas';

export const ASSESSED = 'elderly.assessed';
export type AssessmentRow = typeof assessments.$inferSelect;

export interface AssessedPayload {
  assessmentId: number;
  personId: number;
  householdId: number | null;
  divisionCode: string;
  level: number;
  previousLevel: number | null;
  assessedOn: string;
  nextDueOn: string;
}

/** Re-checks the answers (the HTTP schema already did) so a service caller gets the same refusal. */
function checked(input: ScoreInput): ScoreInput {
  const problems = checkAnswers(input.answers as Record<string, unknown>);
  if (problems.length) throw answersInvalid(problems);
  return input;
}

export async function scoreAnswers(exec: Executor, actor: Actor, input: ScoreInput, on: IsoDate = todayInChina()): Promise<ScoreResult> {
  requireElderly(actor, 'read');
  const params = await loadElderlyParams(exec, actor.divisionCode || '1403', on);
  return score(checked(input), { comaLevel: params.comaLevel });
}

export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export async function recordAssessment(tx: Tx, actor: Actor, input: AssessmentInput, today: IsoDate = todayInChina()): Promise<AssessmentRow> {
  requireElderly(actor, 'write');
  if (input.assessedOn > today) throw assessedInFuture();
  const person = await olderPerson(tx, actor, input.personId, input.assessedOn);
  const params = await loadElderlyParams(tx, person.divisionCode, input.assessedOn);
  const result = score(checked(input), { comaLevel: params.comaLevel });
  const [previous] = await tx.select({ level: assessments.level }).from(assessments)
    .where(eq(assessments.personId, person.personId)).orderBy(desc(assessments.assessedOn), desc(assessments.id)).limit(1);
  const nextDueOn = addMonthsToDate(input.assessedOn, params.validityMonths);
  const [row] = await tx.insert(assessments).values({
    personId: person.personId, householdId: person.householdId, divisionCode: person.divisionCode,
    assessedOn: input.assessedOn, reason: input.reason, assessors: input.assessors, answers: input.answers,
    dementia: input.dementia, psychiatricDiagnosis: input.psychiatricDiagnosis, riskEvents: input.riskEvents30d, coma: input.coma,
    subtotals: result.subtotals, total: result.total, initialLevel: result.initialLevel, level: result.level,
    adjustments: result.adjustments, nextDueOn, notes: input.notes ?? null, createdBy: actor.userId || null,
  }).returning();
  await recordAudit(tx, actor, {
    action: 'elderly.assessment.recorded', entityType: 'elderly_assessment', entityId: row.id, divisionCode: row.divisionCode,
    after: { personId: row.personId, assessedOn: row.assessedOn, reason: row.reason, total: row.total, level: row.level, nextDueOn },
  });
  const payload: AssessedPayload = {
    assessmentId: row.id, personId: row.personId, householdId: row.householdId, divisionCode: row.divisionCode,
    level: row.level, previousLevel: previous?.level ?? null, assessedOn: row.assessedOn, nextDueOn,
  };
  await emit(tx, { type: ASSESSED, aggregateType: 'elderly_person', aggregateId: row.personId, divisionCode: row.divisionCode, payload });
  return row;
}

export interface AssessmentSummary {
  id: number; assessedOn: string; reason: string; reasonLabel: string; total: number; initialLevel: number; level: number;
  levelLabel: string; nextDueOn: string; assessors: { name: string }[];
}

const summary = (r: AssessmentRow): AssessmentSummary => ({
  id: r.id, assessedOn: r.assessedOn, reason: r.reason, reasonLabel: REASONS[r.reason as AssessmentReason] ?? r.reason,
  total: r.total, initialLevel: r.initialLevel, level: r.level, levelLabel: LEVELS[r.level], nextDueOn: r.nextDueOn,
  assessors: (r.assessors as { name: string }[]).map((a) => ({ name: a.name })),
});

/** A person's assessments, newest first. */
export async function assessmentHistory(exec: Executor, actor: Actor, personId: number): Promise<AssessmentSummary[]> {
  requireElderly(actor, 'read');
  await personInScope(exec, actor, personId);
  const rows = await exec.select().from(assessments).where(eq(assessments.personId, personId))
    .orderBy(desc(assessments.assessedOn), desc(assessments.id));
  return rows.map(summary);
}

export async function getAssessment(exec: Executor, actor: Actor, id: number): Promise<AssessmentRow> {
  requireElderly(actor, 'read');
  const [row] = await exec.select().from(assessments).where(and(eq(assessments.id, id), scopeCondition(actor, assessments.divisionCode)));
  if (!row) throw notFound('评估记录');
  return row;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** 老年人能力评估报告: a printable page with every item, the subtotals, the level and the adjustments. */
export async function assessmentReportHtml(exec: Executor, actor: Actor, id: number): Promise<string> {
  const row = await getAssessment(exec, actor, id);
  const person = await personInScope(exec, actor, row.personId);
  const answers = row.answers as Record<string, number>;
  const sub = row.subtotals as Record<string, number>;
  const adj = row.adjustments as { text: string }[];
  const rows = ITEMS.map((i) => `<tr><td>${i.no}</td><td>${esc(i.label)}</td><td>${answers[i.key]} / ${i.max}</td><td>${esc(i.options[answers[i.key]] ?? '')}</td></tr>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>老年人能力评估报告</title>
<style>body{font-family:sans-serif;margin:24px;font-size:14px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;text-align:left}h1{text-align:center;font-size:20px}</style></head><body>
<h1>老年人能力评估报告</h1>
<p>姓名：${esc(person.name)}　身份证号：${maskIdNumber(person.idNumber)}　评估日期：${row.assessedOn}　评估原因：${esc(REASONS[row.reason as AssessmentReason] ?? row.reason)}</p>
<table><tr><th>序号</th><th>项目</th><th>得分</th><th>评定</th></tr>${rows}</table>
<p>自理能力 ${sub.selfCare}/32　基础运动能力 ${sub.motor}/15　精神状态 ${sub.mental}/28　感知觉与社会参与 ${sub.perception}/15　<b>总分 ${row.total}/90</b></p>
<p>初步等级：${LEVELS[row.initialLevel]}　${adj.length ? `等级变更：${adj.map((a) => esc(a.text)).join('；')}　` : ''}<b>能力等级：${row.level} 级 ${LEVELS[row.level]}</b></p>
<p>下次评估日期：${row.nextDueOn}</p>
<p>评估员：${(row.assessors as { name: string }[]).map((a) => esc(a.name)).join('、')}（签字）</p>
</body></html>`;
}
