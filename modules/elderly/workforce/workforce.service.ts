// 养老护理员: care workers of institutions and home-service providers, their skill levels and training;
// the plan's aim (四(二)) that every care worker is trained once in 2021–2025, tracked per county.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { DomainError, inScope, maskIdNumber, maskPhone, notFound, recordAudit, scopeCondition, todayInChina, validateIdNumber, type Actor, type Executor, type IsoDate, type Tx } from '#kernel';
import { careWorkers, institutions, serviceProviders, trainings } from '../schema';
import { requireElderly, revealsPersonalData } from '../access';

export const SKILL_LEVELS = ['初级', '中级', '高级', '技师', '高级技师'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];
/** 四(二): “十四五”期间，将全市养老护理员轮训一遍 */
export const PLAN_PERIOD = { from: '2021-01-01', to: '2025-12-31' } as const;

export type WorkerRow = typeof careWorkers.$inferSelect;
const invalid = (field: string, code: string, message: string) => new DomainError('VALIDATION_FAILED', message, { status: 422, errors: [{ field, code, message }] });

export interface WorkerInput {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  institutionId?: number | null;
  providerId?: number | null;
  skillLevel: SkillLevel;
  certificateNo?: string | null;
  hiredOn?: IsoDate | null;
}

/** The employer (one institution or one provider) decides the worker's division. */
async function employer(exec: Executor, actor: Actor, input: WorkerInput): Promise<{ divisionCode: string; name: string }> {
  if (!!input.institutionId === !!input.providerId) throw invalid('institutionId', 'EMPLOYER_REQUIRED', '请选择所在养老机构或居家养老服务商（二选一）');
  const [row] = input.institutionId
    ? await exec.select({ divisionCode: institutions.divisionCode, name: institutions.name }).from(institutions).where(eq(institutions.id, input.institutionId))
    : await exec.select({ divisionCode: serviceProviders.divisionCode, name: serviceProviders.name }).from(serviceProviders).where(eq(serviceProviders.id, input.providerId!));
  if (!row || !inScope(actor, row.divisionCode)) throw notFound(input.institutionId ? '养老机构' : '服务商');
  return row;
}

function checkPerson(input: WorkerInput, today: IsoDate): string | null {
  if (!input.idNumber) return null;
  const v = validateIdNumber(input.idNumber, today);
  if (!v.ok) throw invalid('idNumber', v.code, v.message);
  return v.normalized;
}

export async function createWorker(tx: Tx, actor: Actor, input: WorkerInput, today = todayInChina()): Promise<WorkerRow> {
  requireElderly(actor, 'write');
  const emp = await employer(tx, actor, input);
  const idNumber = checkPerson(input, today);
  if (idNumber) {
    const [dup] = await tx.select({ id: careWorkers.id }).from(careWorkers).where(and(eq(careWorkers.idNumber, idNumber), eq(careWorkers.active, true)));
    if (dup) throw new DomainError('WORKER_EXISTS', '该身份证号的护理员已在册（在岗），请勿重复登记', { status: 409 });
  }
  const [row] = await tx.insert(careWorkers).values({
    name: input.name.trim(), divisionCode: emp.divisionCode, idNumber, phone: input.phone || null, institutionId: input.institutionId ?? null,
    providerId: input.providerId ?? null, skillLevel: input.skillLevel, certificateNo: input.certificateNo?.trim() || null, hiredOn: input.hiredOn ?? null,
  }).returning();
  await recordAudit(tx, actor, { action: 'elderly.care_worker.created', entityType: 'elderly_care_worker', entityId: row.id, divisionCode: row.divisionCode,
    after: { name: row.name, employer: emp.name, skillLevel: row.skillLevel, certificateNo: row.certificateNo } });
  return row;
}

async function workerInScope(exec: Executor, actor: Actor, id: number): Promise<WorkerRow> {
  const [row] = await exec.select().from(careWorkers).where(and(eq(careWorkers.id, id), scopeCondition(actor, careWorkers.divisionCode)));
  if (!row) throw notFound('护理员');
  return row;
}

/** A new skill level or certificate, or leaving (active = false). */
export async function updateWorker(tx: Tx, actor: Actor, id: number, input: { skillLevel: SkillLevel; certificateNo?: string | null; phone?: string | null; active: boolean }) {
  requireElderly(actor, 'write');
  const before = await workerInScope(tx, actor, id);
  const patch = { skillLevel: input.skillLevel, certificateNo: input.certificateNo?.trim() || null, phone: input.phone || null, active: input.active };
  const [row] = await tx.update(careWorkers).set(patch).where(eq(careWorkers.id, id)).returning();
  await recordAudit(tx, actor, { action: 'elderly.care_worker.changed', entityType: 'elderly_care_worker', entityId: id, divisionCode: row.divisionCode,
    before: { skillLevel: before.skillLevel, certificateNo: before.certificateNo, active: before.active }, after: { skillLevel: row.skillLevel, certificateNo: row.certificateNo, active: row.active } });
  return row;
}

export async function recordTraining(tx: Tx, actor: Actor, workerId: number, input: { course: string; hours: number; trainedOn: IsoDate; provider?: string | null }, today = todayInChina()) {
  requireElderly(actor, 'write');
  const w = await workerInScope(tx, actor, workerId);
  if (input.trainedOn > today) throw invalid('trainedOn', 'DATE_IN_FUTURE', '培训日期不能晚于今天');
  if (!Number.isInteger(input.hours) || input.hours < 1 || input.hours > 1000) throw invalid('hours', 'HOURS_INVALID', '培训学时应为 1 至 1000 的整数');
  const [row] = await tx.insert(trainings).values({ workerId: w.id, course: input.course.trim(), hours: input.hours, trainedOn: input.trainedOn, provider: input.provider?.trim() || null, createdBy: actor.userId || null }).returning();
  await recordAudit(tx, actor, { action: 'elderly.training.recorded', entityType: 'elderly_care_worker', entityId: w.id, divisionCode: w.divisionCode, after: { course: row.course, hours: row.hours, trainedOn: row.trainedOn } });
  return row;
}

const trainedInPlan = sql<boolean>`EXISTS (SELECT 1 FROM ${trainings} t WHERE t.worker_id = ${careWorkers.id} AND t.trained_on BETWEEN ${PLAN_PERIOD.from}::date AND ${PLAN_PERIOD.to}::date)`;

export interface WorkerQuery { q?: string; skillLevel?: SkillLevel; trained?: boolean; active?: boolean; divisionCode?: string; institutionId?: number; providerId?: number; page?: number; pageSize?: number }

export async function listWorkers(exec: Executor, actor: Actor, q: WorkerQuery = {}) {
  requireElderly(actor, 'read');
  const conds = [scopeCondition(actor, careWorkers.divisionCode)];
  if (q.q) conds.push(sql`${careWorkers.name} LIKE ${q.q.replace(/[%_\\]/g, '') + '%'}`);
  if (q.skillLevel) conds.push(eq(careWorkers.skillLevel, q.skillLevel));
  if (q.active != null) conds.push(eq(careWorkers.active, q.active));
  if (q.divisionCode) conds.push(sql`${careWorkers.divisionCode} LIKE ${q.divisionCode + '%'}`);
  if (q.institutionId) conds.push(eq(careWorkers.institutionId, q.institutionId));
  if (q.providerId) conds.push(eq(careWorkers.providerId, q.providerId));
  if (q.trained != null) conds.push(q.trained ? trainedInPlan : sql`NOT ${trainedInPlan}`);
  const where = and(...conds);
  const size = Math.min(100, q.pageSize ?? 20);
  const page = Math.max(1, q.page ?? 1);
  const [{ n }] = await exec.select({ n: sql<number>`count(*)::int` }).from(careWorkers).where(where);
  const rows = await exec.select({
    w: careWorkers, institutionName: institutions.name, providerName: serviceProviders.name, trainedInPlan,
    lastTrainedOn: sql<string | null>`(SELECT max(t.trained_on)::text FROM ${trainings} t WHERE t.worker_id = ${careWorkers.id})`,
    trainingHours: sql<number>`(SELECT coalesce(sum(t.hours), 0)::int FROM ${trainings} t WHERE t.worker_id = ${careWorkers.id})`,
  }).from(careWorkers).leftJoin(institutions, eq(institutions.id, careWorkers.institutionId)).leftJoin(serviceProviders, eq(serviceProviders.id, careWorkers.providerId))
    .where(where).orderBy(asc(careWorkers.divisionCode), asc(careWorkers.id)).limit(size).offset((page - 1) * size);
  const reveal = revealsPersonalData(actor);
  return {
    total: Number(n),
    rows: rows.map((r) => ({
      ...r.w, idNumber: r.w.idNumber ? maskIdNumber(r.w.idNumber) : null, phone: reveal ? maskPhone(r.w.phone) : null,
      employer: r.institutionName ?? r.providerName ?? null, trainedInPlan: !!r.trainedInPlan, lastTrainedOn: r.lastTrainedOn, trainingHours: Number(r.trainingHours),
    })),
  };
}

export async function workerTrainings(exec: Executor, actor: Actor, workerId: number) {
  requireElderly(actor, 'read');
  const w = await workerInScope(exec, actor, workerId);
  const rows = await exec.select().from(trainings).where(eq(trainings.workerId, w.id)).orderBy(desc(trainings.trainedOn), desc(trainings.id));
  return { worker: { ...w, idNumber: w.idNumber ? maskIdNumber(w.idNumber) : null, phone: maskPhone(w.phone) }, trainings: rows };
}

/**
 * Training coverage per county: active workers, those trained at least once in 2021–2025, the share
 * in per mille (the same count the elderly indicators use), and the skill-level mix.
 */
export async function trainingCoverage(exec: Executor, actor: Actor) {
  requireElderly(actor, 'read');
  const scope = actor.divisionCode + '%';
  const { rows } = await exec.execute(sql`
    SELECT d.code, d.name,
           count(w.id)::int AS workers,
           count(w.id) FILTER (WHERE EXISTS (SELECT 1 FROM ${trainings} t WHERE t.worker_id = w.id AND t.trained_on BETWEEN ${PLAN_PERIOD.from}::date AND ${PLAN_PERIOD.to}::date))::int AS trained,
           ${sql.join(SKILL_LEVELS.map((l, i) => sql`count(w.id) FILTER (WHERE w.skill_level = ${l})::int AS ${sql.raw(`l${i}`)}`), sql`, `)}
    FROM kernel.divisions d LEFT JOIN ${careWorkers} w ON w.active AND left(w.division_code, 6) = d.code AND w.division_code LIKE ${scope}
    WHERE d.level = 3 AND (d.code LIKE ${scope} OR ${actor.divisionCode} LIKE d.code || '%')
    GROUP BY d.code, d.name ORDER BY d.code`);
  const counties = (rows as Record<string, unknown>[]).map((r) => {
    const workers = Number(r.workers);
    const trained = Number(r.trained);
    return {
      code: String(r.code), name: String(r.name), workers, trained, perMille: workers === 0 ? 0 : Math.floor((trained * 2000 + workers) / (2 * workers)),
      bySkill: Object.fromEntries(SKILL_LEVELS.map((l, i) => [l, Number(r[`l${i}`])])),
    };
  });
  const workers = counties.reduce((a, c) => a + c.workers, 0);
  const trained = counties.reduce((a, c) => a + c.trained, 0);
  return { period: PLAN_PERIOD, workers, trained, perMille: workers === 0 ? 0 : Math.floor((trained * 2000 + workers) / (2 * workers)), counties };
}
