// Monitoring: configurable rules scanned over the registry and the sources' records into alerts,
// de-duplicated (one condition fires once; one open alert per household and rule), routed as cases to
// the village or township, closed with an outcome; outreach reports from helpers; statistics.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import {
  DomainError, SYSTEM_ACTOR, levelOf, notFound, recordAudit, scopeCondition, startWorkflow, validationFailed,
  type Actor, type Database, type Executor, type Tx, inTransaction, todayInChina,
} from '#kernel';
import { alerts, monitoringRules, type AlertRow } from '../schema';
import { DEFAULT_RULES, SIGNALS, type Outcome, type RuleSignal, type RuleSpec } from './signals';
import { signalQuery, type NearDibao } from './signals.sql';
import { listNearDibaoHouseholds, loadAssistanceParams } from '#assistance';
import { personByIdNumber } from '../registry.reader';

export async function ensureRules(exec: Executor): Promise<void> {
  await exec.insert(monitoringRules).values(DEFAULT_RULES.map((r) => ({ ...r }))).onConflictDoNothing();
}

export async function listRules(exec: Executor) {
  await ensureRules(exec);
  return exec.select().from(monitoringRules).orderBy(asc(monitoringRules.code));
}

/** City staff set a rule's signals, weights, thresholds, score and recipients. */
export async function saveRule(tx: Tx, actor: Actor, rule: RuleSpec & { enabled: boolean }) {
  const unknown = rule.signals.filter((s) => !(s.signal in SIGNALS));
  if (unknown.length) throw validationFailed([{ field: 'signals', code: 'SIGNAL_UNKNOWN', message: `未知的监测信号：${unknown.map((s) => s.signal).join('、')}` }]);
  const [before] = await tx.select().from(monitoringRules).where(eq(monitoringRules.code, rule.code));
  const values = { name: rule.name, signals: rule.signals, minScore: rule.minScore, recipientLevel: rule.recipientLevel, enabled: rule.enabled, updatedAt: new Date() };
  const [after] = await tx.insert(monitoringRules).values({ code: rule.code, ...values })
    .onConflictDoUpdate({ target: monitoringRules.code, set: values }).returning();
  await recordAudit(tx, actor, { action: 'monitoring.rule.saved', entityType: 'monitoring_rule', entityId: rule.code, before: before ?? null, after });
  return after;
}

/** Assistance's near-dibao register (valid recognitions today), each with its dibao standard. */
async function nearDibaoHouseholds(tx: Tx, prefix: string): Promise<NearDibao[]> {
  const today = todayInChina();
  const list = await listNearDibaoHouseholds(tx, SYSTEM_ACTOR, { on: today, divisionCode: prefix });
  const standards = new Map<string, Record<string, number>>();
  const out: NearDibao[] = [];
  for (const h of list) {
    if (!standards.has(h.divisionCode)) standards.set(h.divisionCode, (await loadAssistanceParams(tx, h.divisionCode, today.slice(0, 7))).values as Record<string, number>);
    const v = standards.get(h.divisionCode)!;
    out.push({ householdId: h.householdId, persons: h.persons, urbanFen: v['dibao.standard.urban'] ?? 0, ruralFen: v['dibao.standard.rural'] ?? 0 });
  }
  return out;
}

/** One household member a signal points at. */
type Hit = { household_id: number; person_id: number; name: string; division_code: string; signal: string; detail: string };

/** How long one signal's query took (side by side with others on PostgreSQL) and what it found. */
export interface SignalTiming { signal: string; hits: number; ms: number }

/** A signal with its thresholds (weights apart): rules that share it share one query. */
const signalKey = ({ weight: _w, ...s }: RuleSignal) => JSON.stringify(s);

/**
 * Each distinct signal of the rules as its own read-only query, run side by side on separate
 * connections (PostgreSQL; PGlite has one and queues them). A plain SELECT may use parallel workers,
 * which PostgreSQL never gives a statement that inserts.
 */
async function signalHits(db: Database, signals: RuleSignal[], prefix: string, nearDibao: NearDibao[]): Promise<{ hits: Map<string, Hit[]>; timings: SignalTiming[] }> {
  const distinct = [...new Map(signals.map((s) => [signalKey(s), s])).values()];
  const out = new Map<string, Hit[]>();
  const timings: SignalTiming[] = [];
  const queue = [...distinct];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const spec = s;
      const started = performance.now();
      const rows = await inTransaction(db, async (tx) => {
        // the plans are simple joins; compiling them (JIT) costs more than running them
        await tx.execute(sql`set transaction read only`);
        if (db.kind === 'postgres') await tx.execute(sql`set local jit = off`);
        return (await tx.execute<Hit>(sql`select * from (${signalQuery(spec, prefix, nearDibao)}) as x(household_id, person_id, name, division_code, signal, detail)`)).rows;
      });
      out.set(signalKey(spec), rows);
      timings.push({ signal: spec.signal, hits: rows.length, ms: Math.round(performance.now() - started) });
    }
  };
  await Promise.all(Array.from({ length: db.kind === 'postgres' ? SCAN_CONNECTIONS : 1 }, worker));
  return { hits: out, timings };
}

/** Signal queries at once on PostgreSQL: more only queue on a small server's cores. */
const SCAN_CONNECTIONS = 3;

/**
 * Weighs one rule's signal hits per household in SQL and inserts the new alerts in one statement. A
 * condition already alerted (same rule, household and signals) or an open alert of the rule for the
 * household adds nothing.
 */
async function insertRuleAlerts(tx: Tx, rule: typeof monitoringRules.$inferSelect, hits: Map<string, Hit[]>): Promise<number[]> {
  const signals = rule.signals as RuleSignal[];
  const rows = signals.flatMap((s) => hits.get(signalKey(s)) ?? []);
  if (rows.length === 0) return [];
  const weights = sql.join(signals.map((s) => sql`(${s.signal}, ${s.weight}::int)`), sql`, `);
  const division = rule.recipientLevel === 'township' ? sql`left(division_code, 9)` : sql`division_code`;
  const r = await tx.execute<{ id: number }>(sql`
    with sig as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                   as x(household_id bigint, person_id bigint, name text, division_code text, signal text, detail text)),
    one as (select distinct on (household_id, signal) * from sig order by household_id, signal, person_id),
    scored as (
      select one.household_id, min(one.division_code) as division_code, sum(w.weight)::int as score,
             jsonb_agg(jsonb_build_object('signal', one.signal, 'weight', w.weight, 'detail', one.detail, 'personId', one.person_id) order by w.weight desc) as signals,
             (array_agg(one.person_id order by w.weight desc))[1] as person_id, (array_agg(one.name order by w.weight desc))[1] as name,
             string_agg(one.signal, ',' order by one.signal) as sigs
      from one join (values ${weights}) as w(signal, weight) on w.signal = one.signal
      group by one.household_id having sum(w.weight) >= ${rule.minScore}
    )
    insert into verification.alerts (rule_code, household_id, person_id, person_name, division_code, score, signals, fingerprint, origin)
    select ${rule.code}, household_id, person_id, name, ${division}, score, signals, ${rule.code} || ':' || household_id || ':' || sigs, 'scan'
    from scored s
    where not exists (select 1 from verification.alerts a where a.rule_code = ${rule.code} and a.household_id = s.household_id and a.status = 'open')
    on conflict (fingerprint) do nothing
    returning id`);
  return r.rows.map((x) => Number(x.id));
}

/** Opens the case of each new alert in the recipient's inbox, in batches of one transaction each. */
export async function routeAlerts(db: Database, ids?: number[]): Promise<number> {
  let routed = 0;
  for (;;) {
    const batch = await db.orm.select().from(alerts).where(and(isNull(alerts.instanceId), eq(alerts.status, 'open'), ids ? sql`${alerts.id} = any(${`{${ids.join(',')}}`}::bigint[])` : undefined))
      .orderBy(asc(alerts.id)).limit(200);
    if (batch.length === 0) return routed;
    await inTransaction(db, async (tx) => { for (const a of batch) await openCase(tx, a); });
    routed += batch.length;
  }
}

async function openCase(tx: Tx, a: AlertRow) {
  const labels = (a.signals as { signal: keyof typeof SIGNALS }[]).map((s) => SIGNALS[s.signal]?.label ?? '主动发现').join('、');
  const { ALERT_WORKFLOW, ALERT_SUBJECT } = await import('./alert.workflow');
  const instance = await startWorkflow(tx, SYSTEM_ACTOR, ALERT_WORKFLOW, {
    subjectType: ALERT_SUBJECT, subjectId: a.id, divisionCode: a.divisionCode,
    title: `${a.personName} ${a.origin === 'outreach' ? '主动发现报告' : `预警（${a.score} 分）`}：${labels}`,
    data: { alertId: a.id, householdId: a.householdId, ruleCode: a.ruleCode, score: a.score },
  });
  await tx.update(alerts).set({ instanceId: instance.id }).where(eq(alerts.id, a.id));
}

/**
 * Every enabled rule over a division: the signals read side by side, then each rule's new alerts
 * inserted in one transaction; the new alerts' ids (not yet routed).
 */
export async function scanRules(db: Database, actor: Actor, divisionCode: string): Promise<{ rules: number; ids: number[]; signals: SignalTiming[] }> {
  if (!divisionCode.startsWith(actor.divisionCode)) throw new DomainError('FORBIDDEN', '监测范围不在您的管辖范围内', { status: 403 });
  const rules = (await listRules(db.orm)).filter((r) => r.enabled);
  const signals = rules.flatMap((r) => r.signals as RuleSignal[]);
  const nearDibao = signals.some((s) => s.signal === 'near_dibao_below_standard') ? await inTransaction(db, (tx) => nearDibaoHouseholds(tx, divisionCode)) : [];
  const { hits, timings } = await signalHits(db, signals, divisionCode, nearDibao);
  const ids: number[] = [];
  await inTransaction(db, async (tx) => {
    for (const rule of rules) ids.push(...(await insertRuleAlerts(tx, rule, hits)));
    await recordAudit(tx, actor, { action: 'monitoring.scanned', entityType: 'monitoring_scan', divisionCode, reason: '低收入人口动态监测', after: { rules: rules.map((r) => r.code), alerts: ids.length } });
  });
  return { rules: rules.length, ids, signals: timings };
}

/** A monitoring scan of a division (the whole city by default): every enabled rule, then routing. */
export async function scan(db: Database, actor: Actor, divisionCode: string): Promise<{ rules: number; alerts: number; routed: number }> {
  const { rules, ids } = await scanRules(db, actor, divisionCode);
  const routed = await routeAlerts(db, ids);
  return { rules, alerts: ids.length, routed };
}

export interface OutreachInput { idNumber?: string; name: string; divisionCode: string; situation: string; phone?: string }

/** 主动发现: a helper reports someone in need from the phone; it becomes an alert for the township. */
export async function reportOutreach(tx: Tx, actor: Actor, input: OutreachInput): Promise<AlertRow> {
  if (!levelOf(input.divisionCode) || !input.divisionCode.startsWith(actor.divisionCode) && !actor.divisionCode.startsWith(input.divisionCode)) {
    throw new DomainError('FORBIDDEN', '只能报告本辖区内的情况', { status: 403 });
  }
  const village = input.divisionCode.length === 12 ? input.divisionCode : actor.divisionCode;
  const person = input.idNumber ? await personByIdNumber(tx, input.idNumber) : null;
  const [row] = await tx.insert(alerts).values({
    ruleCode: 'outreach', householdId: person?.householdId ?? null, personId: person?.id ?? null, personName: person?.name ?? input.name,
    divisionCode: village.slice(0, 9), score: 100,
    signals: [{ signal: 'outreach', weight: 100, detail: input.situation, reportedIn: village, phone: input.phone ?? null }],
    fingerprint: `outreach:${randomUUID()}`, origin: 'outreach', reportedBy: actor.displayName,
  }).returning();
  await recordAudit(tx, actor, { action: 'monitoring.outreach.reported', entityType: 'monitoring_alert', entityId: row.id, divisionCode: village, after: { name: row.personName, situation: input.situation } });
  await openCase(tx, row);
  return row;
}

/** The effect of closing an alert's case. */
export async function recordOutcome(tx: Executor, alertId: number, input: { outcome: Outcome; note?: string }) {
  await tx.update(alerts).set({ status: 'closed', outcome: input.outcome, outcomeNote: input.note ?? null, closedAt: new Date() }).where(eq(alerts.id, alertId));
}

export async function listAlerts(exec: Executor, actor: Actor, q: { status?: string; ruleCode?: string; page: number; pageSize: number }) {
  const conds = [scopeCondition(actor, alerts.divisionCode)];
  if (q.status) conds.push(eq(alerts.status, q.status));
  if (q.ruleCode) conds.push(eq(alerts.ruleCode, q.ruleCode));
  const rows = await exec.select({ a: alerts, total: sql<number>`count(*) over ()`.mapWith(Number) }).from(alerts).where(and(...conds))
    .orderBy(desc(alerts.score), desc(alerts.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items: rows.map((r) => r.a), total: rows[0]?.total ?? 0 };
}

export async function getAlert(exec: Executor, actor: Actor, id: number): Promise<AlertRow> {
  const [row] = await exec.select().from(alerts).where(and(eq(alerts.id, id), scopeCondition(actor, alerts.divisionCode)));
  if (!row) throw notFound('预警', 'ALERT_NOT_FOUND');
  return row;
}

/** Response times (hours from alert to closing) and outcomes, by rule, within the jurisdiction. */
export async function alertStatistics(exec: Executor, actor: Actor) {
  const r = await exec.execute<{ rule_code: string; open: number; closed: number; applied: number; not_eligible: number; already_helped: number; unreachable: number; avg_hours: number | null; median_hours: number | null }>(sql`
    select rule_code,
      count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'closed')::int as closed,
      count(*) filter (where outcome = 'applied')::int as applied, count(*) filter (where outcome = 'not_eligible')::int as not_eligible,
      count(*) filter (where outcome = 'already_helped')::int as already_helped, count(*) filter (where outcome = 'unreachable')::int as unreachable,
      round((avg(extract(epoch from closed_at - created_at)) / 3600)::numeric, 1)::float8 as avg_hours,
      round((percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at)) / 3600)::numeric, 1)::float8 as median_hours
    from verification.alerts where ${scopeCondition(actor, alerts.divisionCode)} group by rule_code order by rule_code`);
  return r.rows;
}
