// 监管: the monthly double-listing check, licence-expiry warnings, inspections with a checklist and
// score, hazards closed only by re-inspection, complaints.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { DomainError, addDays, recordAudit, scopeCondition, todayInChina, type Actor, type Executor, type IsoDate, type Tx } from '#kernel';
import { admissions, complaints, hazards, inspections, institutions, supervisionTasks } from '../schema';
import { entitlementPeriods } from '../sources';
import { requireElderly } from '../access';
import { getInstitution, LICENCE_WARNING_DAYS } from '../institutions/institutions.service';

export const TASK_KINDS = {
  two_institutions: '同一老人同时在两家养老机构入住',
  resident_home_subsidy: '机构入住老人仍领取居家养老补贴',
  licence_expiry: '养老机构许可（备案）即将到期或已过期',
} as const;
export type TaskKind = keyof typeof TASK_KINDS;

export const CHECKLIST = {
  licence: '设立许可或备案手续齐全',
  fire: '消防设施完好、疏散通道畅通',
  food: '食品安全（留样、证照）',
  staffing: '护理人员配备与持证上岗',
  contracts: '服务合同与入住评估',
  medicine: '药品管理',
  records: '老人档案与服务记录',
  emergency: '应急预案与演练',
  funds: '收费公示与资金管理',
  environment: '环境卫生与无障碍设施',
} as const;
export type ChecklistCode = keyof typeof CHECKLIST;

export interface CheckResult { month: string; raised: number; found: { kind: TaskKind; subjectKey: string }[] }

/**
 * 重复享受 check for `on`'s month: a person with open admissions at two institutions, and an
 * institution resident with a home-based elderly subsidy in payment. Each finding raises one task
 * per month (a second run changes nothing).
 */
export async function runDoubleListingCheck(tx: Tx, actor: Actor, on: IsoDate = todayInChina()): Promise<CheckResult> {
  requireElderly(actor, 'write');
  const month = on.slice(0, 7);
  const scope = actor.divisionCode + '%';
  const open = sql`a.admitted_on <= ${on}::date AND (a.discharged_on IS NULL OR a.discharged_on > ${on}::date)`;
  const { rows: twice } = await tx.execute<{ person_id: number; division_code: string; stays: unknown }>(sql`
    SELECT a.person_id, min(a.division_code) AS division_code, json_agg(json_build_object('institutionId', a.institution_id, 'name', i.name, 'admittedOn', a.admitted_on::text) ORDER BY a.institution_id) AS stays
    FROM ${admissions} a JOIN ${institutions} i ON i.id = a.institution_id
    WHERE ${open} AND a.division_code LIKE ${scope}
    GROUP BY a.person_id HAVING count(DISTINCT a.institution_id) >= 2`);
  const { rows: subsidised } = await tx.execute<{ person_id: number; division_code: string; institution_id: number; name: string; payments: unknown }>(sql`
    SELECT a.person_id, a.division_code, a.institution_id, i.name, json_agg(json_build_object('programme', e.programme, 'monthlyAmountFen', e.monthly_amount_fen)) AS payments
    FROM ${admissions} a JOIN ${institutions} i ON i.id = a.institution_id
    JOIN ${entitlementPeriods} e ON e.person_id = a.person_id AND e.programme IN ('elderly_service', 'elderly_care')
      AND e.from_month <= ${month} AND (e.to_month IS NULL OR e.to_month >= ${month})
    WHERE ${open} AND a.division_code LIKE ${scope}
    GROUP BY a.person_id, a.division_code, a.institution_id, i.name`);
  const { rows: licences } = await tx.execute<{ id: number; name: string; division_code: string; expires: string | null }>(sql`
    SELECT id, name, division_code, licence_expires_on::text AS expires FROM ${institutions}
    WHERE division_code LIKE ${scope} AND (licence_expires_on IS NULL OR licence_expires_on <= ${addDays(on, LICENCE_WARNING_DAYS)}::date)`);
  const tasks: (typeof supervisionTasks.$inferInsert)[] = [
    ...twice.map((r) => ({ kind: 'two_institutions', month, divisionCode: r.division_code, subjectKey: `person:${r.person_id}`, personId: Number(r.person_id), details: { stays: r.stays } })),
    ...subsidised.map((r) => ({ kind: 'resident_home_subsidy', month, divisionCode: r.division_code, subjectKey: `person:${r.person_id}`, personId: Number(r.person_id), institutionId: Number(r.institution_id), details: { institution: r.name, payments: r.payments } })),
    ...licences.map((r) => ({ kind: 'licence_expiry', month, divisionCode: r.division_code, subjectKey: `institution:${r.id}`, institutionId: Number(r.id), details: { name: r.name, expiresOn: r.expires } })),
  ];
  const inserted = tasks.length ? await tx.insert(supervisionTasks).values(tasks).onConflictDoNothing().returning({ id: supervisionTasks.id }) : [];
  if (inserted.length) {
    await recordAudit(tx, actor, { action: 'elderly.supervision.checked', entityType: 'elderly_supervision', entityId: month, divisionCode: actor.divisionCode || null, after: { month, raised: inserted.length } });
  }
  return { month, raised: inserted.length, found: tasks.map((t) => ({ kind: t.kind as TaskKind, subjectKey: t.subjectKey })) };
}

export async function listTasks(exec: Executor, actor: Actor, q: { status?: string; kind?: string } = {}) {
  requireElderly(actor, 'read');
  const conds = [scopeCondition(actor, supervisionTasks.divisionCode)];
  if (q.status) conds.push(eq(supervisionTasks.status, q.status));
  if (q.kind) conds.push(eq(supervisionTasks.kind, q.kind));
  const rows = await exec.select().from(supervisionTasks).where(and(...conds)).orderBy(desc(supervisionTasks.month), desc(supervisionTasks.id)).limit(500);
  return rows.map((r) => ({ ...r, kindLabel: TASK_KINDS[r.kind as TaskKind] ?? r.kind }));
}

export async function resolveTask(tx: Tx, actor: Actor, id: number, resolution: string) {
  requireElderly(actor, 'write');
  const [row] = await tx.update(supervisionTasks).set({ status: 'resolved', resolution })
    .where(and(eq(supervisionTasks.id, id), scopeCondition(actor, supervisionTasks.divisionCode), eq(supervisionTasks.status, 'open'))).returning();
  if (!row) throw new DomainError('TASK_NOT_OPEN', '该任务不存在、不在您的管辖范围内或已办结', { status: 404 });
  await recordAudit(tx, actor, { action: 'elderly.supervision.resolved', entityType: 'elderly_supervision_task', entityId: id, divisionCode: row.divisionCode, reason: resolution });
  return row;
}

/** Score = share of checklist items passed, out of 100, rounded half up. */
export function inspectionScore(checklist: { code: string; passed: boolean }[]): number {
  if (checklist.length === 0) return 0;
  const passed = checklist.filter((c) => c.passed).length;
  return Math.floor((passed * 200 + checklist.length) / (2 * checklist.length));
}

export interface InspectionInput {
  institutionId: number;
  inspectedOn: IsoDate;
  inspectors: { name: string }[];
  checklist: { code: ChecklistCode; passed: boolean; note?: string }[];
  hazards: { description: string; deadline: IsoDate }[];
  /** open hazards found rectified at this (re-)inspection */
  rectifiedHazardIds: number[];
}

const invalid = (field: string, code: string, message: string) => new DomainError('VALIDATION_FAILED', message, { status: 422, errors: [{ field, code, message }] });

export async function recordInspection(tx: Tx, actor: Actor, input: InspectionInput, today: IsoDate = todayInChina()) {
  requireElderly(actor, 'write');
  const inst = await getInstitution(tx, actor, input.institutionId);
  if (input.inspectedOn > today) throw invalid('inspectedOn', 'DATE_IN_FUTURE', '检查日期不能晚于今天');
  const seen = new Set<string>();
  for (const [i, c] of input.checklist.entries()) {
    if (seen.has(c.code)) throw invalid(`checklist.${i}.code`, 'CHECKLIST_DUPLICATE', `检查项目“${CHECKLIST[c.code]}”重复`);
    seen.add(c.code);
  }
  for (const [i, h] of input.hazards.entries()) {
    if (h.deadline < input.inspectedOn) throw invalid(`hazards.${i}.deadline`, 'DEADLINE_BEFORE_INSPECTION', '整改期限不能早于检查日期');
  }
  const score = inspectionScore(input.checklist);
  const [row] = await tx.insert(inspections).values({
    institutionId: inst.id, divisionCode: inst.divisionCode, inspectedOn: input.inspectedOn, inspectors: input.inspectors,
    checklist: input.checklist, score, createdBy: actor.userId || null,
  }).returning();
  if (input.hazards.length) {
    await tx.insert(hazards).values(input.hazards.map((h) => ({ institutionId: inst.id, inspectionId: row.id, divisionCode: inst.divisionCode, description: h.description, deadline: h.deadline })));
  }
  if (input.rectifiedHazardIds.length) {
    const closed = await tx.update(hazards).set({ status: 'closed', closedByInspectionId: row.id, closedOn: input.inspectedOn })
      .where(and(inArray(hazards.id, input.rectifiedHazardIds), eq(hazards.institutionId, inst.id), eq(hazards.status, 'open'))).returning({ id: hazards.id });
    if (closed.length !== input.rectifiedHazardIds.length) throw invalid('rectifiedHazardIds', 'HAZARD_NOT_OPEN', '所列隐患不属于该机构或已关闭');
  }
  await recordAudit(tx, actor, { action: 'elderly.inspection.recorded', entityType: 'elderly_inspection', entityId: row.id, divisionCode: inst.divisionCode,
    after: { institutionId: inst.id, score, hazards: input.hazards.length, rectified: input.rectifiedHazardIds } });
  return row;
}

/** 监督检查记录, newest first, of one institution or all in scope. */
export async function listInspections(exec: Executor, actor: Actor, q: { institutionId?: number; page?: number; pageSize?: number } = {}) {
  requireElderly(actor, 'read');
  const where = and(scopeCondition(actor, inspections.divisionCode), q.institutionId ? eq(inspections.institutionId, q.institutionId) : undefined);
  const size = Math.min(100, q.pageSize ?? 20);
  const page = Math.max(1, q.page ?? 1);
  const [{ total }] = await exec.select({ total: sql<number>`count(*)::int` }).from(inspections).where(where);
  const rows = await exec.select({ inspection: inspections, institution: institutions.name,
    hazards: sql<number>`(SELECT count(*)::int FROM elderly.hazards h WHERE h.inspection_id = ${inspections.id})`,
    closed: sql<number>`(SELECT count(*)::int FROM elderly.hazards h WHERE h.closed_by_inspection_id = ${inspections.id})` })
    .from(inspections).innerJoin(institutions, eq(institutions.id, inspections.institutionId))
    .where(where).orderBy(desc(inspections.inspectedOn), desc(inspections.id)).limit(size).offset((page - 1) * size);
  return { total: Number(total), rows: rows.map((r) => ({ ...r.inspection, institution: r.institution, hazardsFound: Number(r.hazards), hazardsClosed: Number(r.closed) })) };
}

/** Hazards with their deadline (open first, by deadline; overdue marked), of one institution or all in scope. */
export async function listHazards(exec: Executor, actor: Actor, q: { status?: 'open' | 'closed'; institutionId?: number } = {}, on: IsoDate = todayInChina()) {
  requireElderly(actor, 'read');
  const rows = await exec.select({ hazard: hazards, institution: institutions.name }).from(hazards).innerJoin(institutions, eq(institutions.id, hazards.institutionId))
    .where(and(scopeCondition(actor, hazards.divisionCode), q.status ? eq(hazards.status, q.status) : undefined, q.institutionId ? eq(hazards.institutionId, q.institutionId) : undefined))
    .orderBy(sql`${hazards.status} = 'open' DESC`, hazards.deadline, hazards.id).limit(1000);
  return rows.map((r) => ({ ...r.hazard, institution: r.institution, overdue: r.hazard.status === 'open' && r.hazard.deadline < on }));
}

export async function recordComplaint(tx: Tx, actor: Actor, input: { institutionId: number; receivedOn: IsoDate; complainant: string; content: string }, today: IsoDate = todayInChina()) {
  requireElderly(actor, 'write');
  if (input.receivedOn > today) throw invalid('receivedOn', 'DATE_IN_FUTURE', '受理日期不能晚于今天');
  const inst = await getInstitution(tx, actor, input.institutionId);
  const [row] = await tx.insert(complaints).values({ ...input, divisionCode: inst.divisionCode }).returning();
  await recordAudit(tx, actor, { action: 'elderly.complaint.recorded', entityType: 'elderly_complaint', entityId: row.id, divisionCode: inst.divisionCode });
  return row;
}

export async function listComplaints(exec: Executor, actor: Actor, q: { status?: 'open' | 'resolved'; institutionId?: number } = {}) {
  requireElderly(actor, 'read');
  const rows = await exec.select({ complaint: complaints, institution: institutions.name }).from(complaints).innerJoin(institutions, eq(institutions.id, complaints.institutionId))
    .where(and(scopeCondition(actor, complaints.divisionCode), q.status ? eq(complaints.status, q.status) : undefined, q.institutionId ? eq(complaints.institutionId, q.institutionId) : undefined))
    .orderBy(sql`${complaints.status} = 'open' DESC`, desc(complaints.receivedOn), desc(complaints.id)).limit(1000);
  return rows.map((r) => ({ ...r.complaint, institution: r.institution }));
}

/** 办结投诉: the finding and what was done. */
export async function resolveComplaint(tx: Tx, actor: Actor, id: number, resolution: string) {
  requireElderly(actor, 'write');
  const [row] = await tx.update(complaints).set({ status: 'resolved', resolution })
    .where(and(eq(complaints.id, id), scopeCondition(actor, complaints.divisionCode), eq(complaints.status, 'open'))).returning();
  if (!row) throw new DomainError('COMPLAINT_NOT_OPEN', '该投诉不存在、不在您的管辖范围内或已办结', { status: 404 });
  await recordAudit(tx, actor, { action: 'elderly.complaint.resolved', entityType: 'elderly_complaint', entityId: id, divisionCode: row.divisionCode, reason: resolution });
  return row;
}
