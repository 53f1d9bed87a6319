// Monitoring: configurable rules scanned over the registry and the sources' records into alerts,
// de-duplicated (one condition fires once; one open alert per household and rule), routed as cases to
// the village or township, closed with an outcome; outreach reports from helpers; statistics.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  DomainError, SYSTEM_ACTOR, levelOf, notFound, recordAudit, recordAuditBatch, scopeCondition, startWorkflow, validationFailed,
  type Actor, type Database, type Executor, type Tx, inTransaction, todayInChina,
} from '#kernel';
import { alerts, monitoringRules, type AlertRow } from '../schema';
import { DEFAULT_RULES, SIGNALS, type Outcome, type RuleSignal, type RuleSpec } from './signals';
import { signalQuery, type NearDibao } from './signals.sql';
import { listNearDibaoHouseholds, loadAssistanceParams } from '#assistance';
import { personByIdNumber } from '../registry.reader';

/**
 * The shipped rules: a missing one is added, and one still as shipped (default_version set) is brought
 * to a newer shipped version, audited. A rule staff have saved (default_version null) is theirs and
 * stays as they left it. Runs before every read of the rules, so a database created with older
 * defaults takes the new ones on the first scan or rules page after an upgrade.
 */
export async function ensureRules(exec: Executor, shipped: RuleSpec[] = DEFAULT_RULES): Promise<void> {
  const current = new Map((await exec.select().from(monitoringRules).where(inArray(monitoringRules.code, shipped.map((r) => r.code)))).map((r) => [r.code, r]));
  const due = shipped.filter((r) => !current.has(r.code) || (current.get(r.code)!.defaultVersion ?? Infinity) < r.version);
  if (due.length === 0) return;
  await exec.transaction(async (tx) => {
    const values = due.map(({ version, ...r }) => ({ ...r, defaultVersion: version }));
    const rows = await tx.insert(monitoringRules).values(values).onConflictDoUpdate({
      target: monitoringRules.code,
      set: { name: sql`excluded.name`, signals: sql`excluded.signals`, minScore: sql`excluded.min_score`, recipientLevel: sql`excluded.recipient_level`, defaultVersion: sql`excluded.default_version`, updatedAt: new Date() },
      // a row staff saved in the meantime (default_version null) is left alone
      setWhere: sql`${monitoringRules.defaultVersion} < excluded.default_version`,
    }).returning();
    const upgraded = rows.filter((r) => current.has(r.code));
    await recordAuditBatch(tx, SYSTEM_ACTOR, upgraded.map((after) => ({
      action: 'monitoring.rule.defaultsUpdated', entityType: 'monitoring_rule', entityId: after.code, reason: `系统默认规则更新至第 ${after.defaultVersion} 版`, before: current.get(after.code)!, after,
    })));
  });
}

export async function listRules(exec: Executor) {
  await ensureRules(exec);
  return exec.select().from(monitoringRules).orderBy(asc(monitoringRules.code));
}

/** City staff set a rule's signals, weights, thresholds, score and recipients. */
export async function saveRule(tx: Tx, actor: Actor, rule: Omit<RuleSpec, 'version'> & { enabled: boolean }) {
  const unknown = rule.signals.filter((s) => !(s.signal in SIGNALS));
  if (unknown.length) throw validationFailed([{ field: 'signals', code: 'SIGNAL_UNKNOWN', message: `未知的监测信号：${unknown.map((s) => s.signal).join('、')}` }]);
  const [before] = await tx.select().from(monitoringRules).where(eq(monitoringRules.code, rule.code));
  // saved by staff: the rule is theirs from now on, and later shipped defaults leave it alone
  const values = { name: rule.name, signals: rule.signals, minScore: rule.minScore, recipientLevel: rule.recipientLevel, enabled: rule.enabled, defaultVersion: null, updatedAt: new Date() };
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

export type StatisticsBy = 'rule' | 'township';
export type AlertStat = {
  /** the rule's code or the township's division code; null on the totals row */
  key: string | null; name: string;
  open: number; closed: number; applied: number; not_eligible: number; already_helped: number; unreachable: number;
  /** hours from the alert to its closing */
  avg_hours: number | null; median_hours: number | null;
  /** open alerts waiting longer than a week (their cases' five working days are past) */
  waiting_over_week: number;
};

/**
 * Response times (hours from alert to closing) and outcomes within the jurisdiction, per rule or per
 * township, with the totals (one statement: grouping sets).
 */
export async function alertStatistics(exec: Executor, actor: Actor, by: StatisticsBy = 'rule'): Promise<{ items: AlertStat[]; totals: AlertStat }> {
  const key = by === 'rule' ? sql`a.rule_code` : sql`left(a.division_code, 9)`;
  const name = by === 'rule'
    ? sql`coalesce(min(r.name), case when a.rule_code = 'outreach' then '协理员主动发现' else a.rule_code end)`
    : sql`coalesce(min(d.name), left(a.division_code, 9))`;
  const join = by === 'rule'
    ? sql`left join verification.monitoring_rules r on r.code = a.rule_code`
    : sql`left join kernel.divisions d on d.code = left(a.division_code, 9)`;
  const r = await exec.execute<AlertStat & { total: boolean }>(sql`
    select ${key} as key, case when grouping(${key}) = 1 then '合计' else ${name} end as name, grouping(${key}) = 1 as total,
      count(*) filter (where a.status = 'open')::int as open, count(*) filter (where a.status = 'closed')::int as closed,
      count(*) filter (where a.outcome = 'applied')::int as applied, count(*) filter (where a.outcome = 'not_eligible')::int as not_eligible,
      count(*) filter (where a.outcome = 'already_helped')::int as already_helped, count(*) filter (where a.outcome = 'unreachable')::int as unreachable,
      round((avg(extract(epoch from a.closed_at - a.created_at)) / 3600)::numeric, 1)::float8 as avg_hours,
      round((percentile_cont(0.5) within group (order by extract(epoch from a.closed_at - a.created_at)) / 3600)::numeric, 1)::float8 as median_hours,
      count(*) filter (where a.status = 'open' and a.created_at < now() - interval '7 days')::int as waiting_over_week
    from verification.alerts a ${join}
    where ${scopeCondition(actor, sql`a.division_code`)}
    group by grouping sets ((${key}), ()) order by grouping(${key}), ${key}`);
  const empty: AlertStat = { key: null, name: '合计', open: 0, closed: 0, applied: 0, not_eligible: 0, already_helped: 0, unreachable: 0, avg_hours: null, median_hours: null, waiting_over_week: 0 };
  const strip = ({ total: _t, ...row }: AlertStat & { total: boolean }): AlertStat => row;
  return { items: r.rows.filter((x) => !x.total).map(strip), totals: r.rows.filter((x) => x.total).map(strip)[0] ?? empty };
}
