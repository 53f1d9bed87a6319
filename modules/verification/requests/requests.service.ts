// Verification requests: consent checked, one query per source sent out as a job, answers gathered
// as they arrive, and the report compiled when the last source has answered (or failed).
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  DomainError, SYSTEM_ACTOR, addDays, emit, enqueue, findParameter, getInstance, inTransaction, notFound, recordAudit,
  scopeCondition, todayInChina, transition, type Actor, type Database, type Executor, type Tx,
} from '#kernel';
import { getApplication, loadAssistanceParams } from '#assistance';
import { findings, knownFacts, queries, requests, sources, type RequestRow } from '../schema';
import { consentsMissing } from '../errors';
import { ensureSources, getSource, recordExchange } from '../sources/sources.service';
import { SourceUnavailable } from '../sources/adapter';
import { sourceSpec } from '../sources/catalogue';
import { missingConsents } from './consent.rules';
import { compileReport, type Declared, type Report, type ReportFinding, type ReportSource } from './report.rules';
import { factKeyOf } from '../batch/facts';
import { APPLICATION_SUBJECT, REVIEW_SUBJECT, loadSubject, notExpected, type DeclaredIncome, type StoredPerson, type SubjectRef } from './subjects';

export const QUERY_JOB = 'verification.query';
export const REPORT_COMPLETED = 'verification.report.completed';
export { APPLICATION_SUBJECT, REVIEW_SUBJECT };

export type RequestInput = SubjectRef & { purpose?: string };

/**
 * A caseworker asks for the verification of an application's or a periodic review's household.
 * Refused, changing nothing, when an adult verified has no valid consent on file (each one named), or
 * while an earlier request for the same case is still out. A case not yet in verification moves there
 * in the same transaction.
 */
export async function requestVerification(tx: Tx, actor: Actor, input: RequestInput): Promise<RequestRow> {
  const today = todayInChina();
  const subject = await loadSubject(tx, actor, input, today);
  const missing = missingConsents(subject.members, subject.consents, subject.expired);
  if (missing.length) throw consentsMissing(missing);
  if (subject.closed) throw notExpected(subject.subjectType === REVIEW_SUBJECT ? '该复核已办结，不能再发起核对' : '该申请已办结，不能再发起核对');
  const [pending] = await tx.select({ reportNo: requests.reportNo }).from(requests)
    .where(and(eq(requests.subjectType, subject.subjectType), eq(requests.subjectId, subject.subjectId), eq(requests.status, 'pending')));
  if (pending) throw new DomainError('VERIFICATION_PENDING', `核对 ${pending.reportNo} 正在等待部门应答，报告出具后再发起`, { status: 409 });
  const instance = await getInstance(tx, actor, subject.instanceId!);
  if (subject.startStates.includes(instance.state)) await transition(tx, actor, instance.id, 'requestVerification', {});
  else if (instance.state !== 'verifying') throw notExpected(`该${subject.subjectType === REVIEW_SUBJECT ? '复核' : '申请'}当前不在经济状况核对环节`);
  const { persons, declared } = subject;
  const purpose = input.purpose?.trim() || subject.defaultPurpose;
  const [row] = await tx.insert(requests).values({
    reportNo: `pending-${subject.subjectType}-${subject.subjectId}-${Date.now()}-${Math.random()}`, subjectType: subject.subjectType, subjectId: subject.subjectId,
    householdId: subject.householdId, divisionCode: subject.divisionCode, purpose, persons, declared,
    requestedBy: actor.userId || null, requestedByName: actor.displayName,
  }).returning();
  const reportNo = `HD${today.slice(0, 4)}${String(row.id).padStart(6, '0')}`;
  await tx.update(requests).set({ reportNo }).where(eq(requests.id, row.id));
  await ensureSources(tx);
  const enabled = await tx.select().from(sources).where(eq(sources.enabled, true)).orderBy(asc(sources.code));
  if (enabled.length === 0) throw new DomainError('NO_SOURCES', '没有启用的数据来源，请管理员先配置', { status: 409 });
  for (const s of enabled) {
    const [q] = await tx.insert(queries).values({ requestId: row.id, sourceCode: s.code, idempotencyKey: `${reportNo}-${s.code}` }).returning();
    const job = await enqueue(tx, { kind: QUERY_JOB, params: { queryId: q.id }, createdBy: actor.userId || null });
    await tx.update(queries).set({ jobId: job.id }).where(eq(queries.id, q.id));
  }
  await recordAudit(tx, actor, {
    action: 'verification.requested', entityType: 'verification_request', entityId: row.id, divisionCode: subject.divisionCode, reason: purpose,
    after: {
      reportNo, [subject.subjectType === REVIEW_SUBJECT ? 'reviewId' : 'applicationId']: Number(subject.subjectId), householdId: subject.householdId,
      persons: persons.map((p) => p.personId), sources: enabled.map((s) => s.code),
    },
  });
  return { ...row, reportNo };
}

/** Runs one query (a job): asks the source, keeps the findings, and completes the report if it was the last. */
export async function runQuery(db: Database, queryId: number): Promise<{ status: string; findings: number }> {
  const [q] = await db.orm.select().from(queries).where(eq(queries.id, queryId));
  if (!q) throw notFound('核对查询', 'QUERY_NOT_FOUND');
  if (q.status !== 'queued') return { status: q.status, findings: 0 };
  const [req] = await db.orm.select().from(requests).where(eq(requests.id, q.requestId));
  const { row: source, spec, adapter } = await getSource(db.orm, q.sourceCode);
  const persons = req.persons as StoredPerson[];
  let answer: ReportFinding[] = [];
  let error: string | null = null;
  try {
    const found = await adapter.query({ source: spec, config: source.config as Record<string, unknown>, persons, idempotencyKey: q.idempotencyKey, exec: db.orm, today: todayInChina() });
    const byId = new Map(persons.map((p) => [p.idNumber, p.personId]));
    answer = found.filter((f) => byId.has(f.idNumber)).map(({ idNumber, ...f }) => ({ ...f, sourceCode: q.sourceCode, personId: byId.get(idNumber)! }));
  } catch (e) {
    if (!(e instanceof SourceUnavailable)) throw e;
    error = e.message;
  }
  return inTransaction(db, async (tx) => {
    const [locked] = await tx.select().from(requests).where(eq(requests.id, req.id)).for('update');
    if (answer.length) await tx.insert(findings).values(answer.map((f) => ({ ...f, requestId: req.id })));
    await tx.update(queries).set({ status: error ? 'failed' : 'answered', error, attempts: q.attempts + 1, answeredAt: new Date() }).where(eq(queries.id, q.id));
    await recordExchange(tx, q.sourceCode, error);
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'verification.query.answered', entityType: 'verification_request', entityId: req.id, divisionCode: req.divisionCode, reason: req.purpose,
      after: { source: q.sourceCode, idempotencyKey: q.idempotencyKey, persons: persons.length, findings: answer.length, error },
    });
    const [{ open }] = await tx.select({ open: sql<number>`count(*)::int` }).from(queries).where(and(eq(queries.requestId, req.id), eq(queries.status, 'queued')));
    if (open === 0 && locked.status === 'pending') await completeReport(tx, locked);
    return { status: error ? 'failed' : 'answered', findings: answer.length };
  });
}

async function numberParameter(exec: Executor, key: string, divisionCode: string, date: string, fallback: number): Promise<number> {
  const p = await findParameter(exec, key, { divisionCode, date });
  return Number.isSafeInteger(p?.value) ? (p!.value as number) : fallback;
}

/** Compiles the report with the limits in force today, stores it, and announces it. */
async function completeReport(tx: Tx, req: RequestRow): Promise<void> {
  const today = todayInChina();
  const qs = await tx.select().from(queries).where(eq(queries.requestId, req.id)).orderBy(asc(queries.sourceCode));
  const fs = (await tx.select().from(findings).where(eq(findings.requestId, req.id))) as ReportFinding[];
  const persons = req.persons as StoredPerson[];
  const params = await loadAssistanceParams(tx, req.divisionCode, today.slice(0, 7));
  const urbanRural = await householdArea(tx, req);
  const v = params.values as Record<string, number>;
  const report = compileReport(
    persons,
    qs.map((q): ReportSource => ({ code: q.sourceCode, name: sourceSpec(q.sourceCode)?.name ?? q.sourceCode, status: q.status === 'answered' ? 'answered' : 'failed', error: q.error })),
    fs,
    req.declared as Declared,
    {
      standardFen: v[`dibao.standard.${urbanRural}`] ?? 0,
      members: persons.length,
      financialMonths: v['dibao.assets.financialMonthsOfStandard'] ?? 0,
      maxVehicles: v['dibao.assets.maxVehicles'] ?? 0,
      maxExtraHousing: v['dibao.assets.maxExtraHousing'] ?? 0,
      toleranceFen: await numberParameter(tx, 'verification.discrepancy.toleranceFen', req.divisionCode, today, 10_000),
    },
  );
  const validDays = await numberParameter(tx, 'verification.report.validDays', req.divisionCode, today, 90);
  const validUntil = addDays(today, validDays);
  await tx.update(requests).set({ status: 'complete', report: { ...report, urbanRural }, completedAt: new Date(), validUntil }).where(eq(requests.id, req.id));
  // What this report saw is known from now on: a later batch run reports only what is new.
  const keys = [...new Set(fs.map(factKeyOf).filter((k): k is string => !!k))];
  if (keys.length) await tx.insert(knownFacts).values(keys.map((factKey) => ({ householdId: req.householdId, factKey }))).onConflictDoNothing();
  await emit(tx, {
    type: REPORT_COMPLETED, aggregateType: 'verification_request', aggregateId: req.id, divisionCode: req.divisionCode,
    payload: {
      requestId: req.id, subjectType: req.subjectType, subjectId: req.subjectId,
      ...caseSummary(report, req.reportNo, (req.declared as { incomes?: DeclaredIncome[] }).incomes ?? []),
      foundIncomes: report.incomes, // what the departments found, for a review to merge with its visit
      discrepancyItems: report.discrepancies.map(({ code, severity, title, message }) => ({ code, severity, title, message })),
    },
  });
}

async function householdArea(tx: Tx, req: RequestRow): Promise<'urban' | 'rural'> {
  const stored = (req.declared as { urbanRural?: string }).urbanRural;
  if (stored) return stored === 'urban' ? 'urban' : 'rural';
  if (req.subjectType !== APPLICATION_SUBJECT) return 'rural';
  // requests made before the area was kept with the declaration
  const app = await getApplication(tx, SYSTEM_ACTOR, Number(req.subjectId));
  return app.urbanRural === 'urban' ? 'urban' : 'rural';
}

/**
 * The incomes the case computes with: the declared lines, each raised to what a department found for
 * the same person and kind, plus kinds found but not declared. Departments do not see informal work,
 * so a declared income they cannot confirm is kept for the home visit to settle.
 */
export function mergedIncomes(declared: DeclaredIncome[], found: Report['incomes']): DeclaredIncome[] {
  const out = declared.map((d) => ({ ...d }));
  for (const f of found) {
    const same = out.find((d) => d.personId === f.personId && d.kind === f.kind);
    if (same) same.monthlyFen = Math.max(same.monthlyFen, f.monthlyFen);
    else out.push({ personId: f.personId, kind: f.kind, monthlyFen: f.monthlyFen });
  }
  return out;
}

/** What the case records of a report: the shape of assistance's verification record. */
export function caseSummary(report: Report, reportNo: string, declaredIncomes: DeclaredIncome[]) {
  return {
    sources: report.sources.map((s) => ({
      source: s.code, finding: s.summary,
      ...(s.monthlyIncomeFen ? { monthlyIncomeFen: s.monthlyIncomeFen } : {}),
      ...(s.amountFen ? { assetsFen: s.amountFen } : {}),
    })),
    incomes: mergedIncomes(declaredIncomes, report.incomes),
    totals: { monthlyIncomeFen: report.totals.monthlyIncomeFen, financialAssetsFen: report.totals.financialAssetsFen, vehicles: report.totals.vehicles, extraHousing: report.totals.extraHousing },
    discrepancies: report.discrepancies.length,
    reportNo,
  };
}

export interface ReportView { request: RequestRow; queries: (typeof queries.$inferSelect)[]; findings: (typeof findings.$inferSelect)[] }

/**
 * A report within the actor's jurisdiction. Every view is audited with its purpose; outside the
 * jurisdiction it does not exist.
 */
export async function viewReport(tx: Tx, actor: Actor, id: number, purpose: string): Promise<ReportView> {
  const [request] = await tx.select().from(requests).where(and(eq(requests.id, id), scopeCondition(actor, requests.divisionCode)));
  if (!request) throw notFound('核对报告', 'REPORT_NOT_FOUND');
  const qs = await tx.select().from(queries).where(eq(queries.requestId, id)).orderBy(asc(queries.sourceCode));
  const fs = await tx.select().from(findings).where(eq(findings.requestId, id)).orderBy(asc(findings.sourceCode), asc(findings.personId));
  await recordAudit(tx, actor, { action: 'verification.report.viewed', entityType: 'verification_request', entityId: id, divisionCode: request.divisionCode, reason: purpose });
  return { request, queries: qs, findings: fs };
}

export async function listRequests(exec: Executor, actor: Actor, q: { applicationId?: number; reviewId?: number; status?: string; page: number; pageSize: number }) {
  const conds = [scopeCondition(actor, requests.divisionCode)];
  if (q.applicationId) conds.push(and(eq(requests.subjectType, APPLICATION_SUBJECT), eq(requests.subjectId, String(q.applicationId)))!);
  if (q.reviewId) conds.push(and(eq(requests.subjectType, REVIEW_SUBJECT), eq(requests.subjectId, String(q.reviewId)))!);
  if (q.status) conds.push(eq(requests.status, q.status));
  const where = and(...conds);
  const rows = await exec.select({
    id: requests.id, reportNo: requests.reportNo, subjectType: requests.subjectType, subjectId: requests.subjectId,
    householdId: requests.householdId, divisionCode: requests.divisionCode, purpose: requests.purpose, status: requests.status,
    requestedByName: requests.requestedByName, requestedAt: requests.requestedAt, completedAt: requests.completedAt, validUntil: requests.validUntil,
    discrepancies: sql<number>`coalesce(jsonb_array_length(${requests.report} -> 'discrepancies'), 0)`.mapWith(Number),
    total: sql<number>`count(*) over ()`.mapWith(Number),
  }).from(requests).where(where).orderBy(desc(requests.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}
