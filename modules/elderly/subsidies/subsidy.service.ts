// 免申即享: the rules find who qualifies; a proposal opens a confirmation case (elderly.subsidy
// workflow); a confirmed proposal is paid by payments; death or admission stops it.
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  SYSTEM_ACTOR, ageOn, notFound, recordAudit, scopeCondition, startWorkflow, todayInChina, type Actor, type Executor, type IsoDate, type Tx,
} from '#kernel';
import { monthOf, nextMonth, setEntitlement, stopEntitlement } from '#payments';
import { assessments, admissions, subsidyProposals } from '../schema';
import { entitlementPeriods, personFacts } from '../sources';
import { loadElderlyTable, resolveElderlyParams } from '../parameters';
import { registerConditions } from '../register/register.service';
import { requireElderly } from '../access';
import { subsidies, SUBSIDIES, type SubsidyDecision, type SubsidyFacts, type SubsidyProgramme } from './subsidy.rules';

export const SUBSIDY_WORKFLOW = 'elderly.subsidy';
export const PROPOSAL_SUBJECT = 'elderly_subsidy_proposal';
export type ProposalRow = typeof subsidyProposals.$inferSelect;

interface FactRow extends SubsidyFacts {
  personId: number;
  householdId: number | null;
  divisionCode: string;
  name: string;
}

/** The facts the subsidy rules need, for every older person in scope (or the ones listed), in one query. */
export async function subsidyFacts(exec: Executor, actor: Actor, on: IsoDate, personIds?: number[]): Promise<FactRow[]> {
  const month = on.slice(0, 7);
  const conds = registerConditions(actor, on);
  if (personIds) conds.splice(0, 1); // the dead are included when named, so their payments stop
  if (personIds) conds.push(sql`${personFacts.personId} IN ${personIds.length ? personIds : [0]}`);
  const onRoll = (programme: string) => sql`EXISTS (SELECT 1 FROM ${entitlementPeriods} e WHERE e.household_id = ${personFacts.householdId}
    AND e.programme = ${programme} AND e.from_month <= ${month} AND (e.to_month IS NULL OR e.to_month >= ${month}))`;
  const { rows } = await exec.execute(sql`
    SELECT ${personFacts.personId} AS person_id, ${personFacts.householdId} AS household_id, ${personFacts.divisionCode} AS division_code,
           ${personFacts.name} AS name, ${personFacts.birthDate}::text AS birth_date, ${personFacts.status} AS status,
           ${onRoll('dibao')} AS dibao, ${onRoll('tekun')} AS tekun,
           EXISTS (SELECT 1 FROM ${admissions} ad WHERE ad.person_id = ${personFacts.personId} AND ad.admitted_on <= ${on}::date
                   AND (ad.discharged_on IS NULL OR ad.discharged_on > ${on}::date)) AS in_institution,
           (SELECT a.level FROM ${assessments} a WHERE a.person_id = ${personFacts.personId} AND a.next_due_on >= ${on}::date
             ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) AS level
    FROM ${personFacts} LEFT JOIN elderly.profiles pr ON pr.person_id = ${personFacts.personId}
    WHERE ${sql.join(conds, sql` AND `)}`);
  return (rows as Record<string, any>[]).map((r) => ({
    personId: Number(r.person_id), householdId: r.household_id == null ? null : Number(r.household_id), divisionCode: r.division_code, name: r.name,
    age: ageOn(r.birth_date, on), living: r.status === 'living', inInstitution: !!r.in_institution, dibao: !!r.dibao, tekun: !!r.tekun,
    level: r.level == null ? null : Number(r.level),
  }));
}

export interface ProposalRunResult { proposed: number; updated: number; stopped: number; withdrawn: number; examined: number }

/**
 * Brings proposals in line with the rules on `on`: a new proposal (and its confirmation case) for each
 * subsidy a person newly qualifies for; a changed amount for an open one; a stop for a paid one that
 * no longer qualifies (death, admission, level). Idempotent.
 */
export async function reconcileSubsidies(tx: Tx, actor: Actor, on: IsoDate, personIds?: number[]): Promise<ProposalRunResult> {
  const facts = await subsidyFacts(tx, actor, on, personIds);
  const result: ProposalRunResult = { proposed: 0, updated: 0, stopped: 0, withdrawn: 0, examined: facts.length };
  if (facts.length === 0) return result;
  const table = await loadElderlyTable(tx, on);
  const open = await tx.select().from(subsidyProposals)
    .where(and(inArray(subsidyProposals.personId, facts.map((f) => f.personId)), inArray(subsidyProposals.status, ['proposed', 'confirmed'])));
  const openBy = new Map(open.map((p) => [`${p.personId}:${p.programme}`, p]));
  // A proposal staff refused is not made again for the same amount: only a change of facts reopens it.
  const refused = await tx.select({ personId: subsidyProposals.personId, programme: subsidyProposals.programme, fen: subsidyProposals.monthlyAmountFen })
    .from(subsidyProposals)
    .where(and(inArray(subsidyProposals.personId, facts.map((f) => f.personId)), eq(subsidyProposals.status, 'rejected'), sql`${subsidyProposals.decidedAt} IS NOT NULL`));
  const refusedKeys = new Set(refused.map((r) => `${r.personId}:${r.programme}:${r.fen}`));
  for (const f of facts) {
    if (f.householdId == null) continue;
    const params = resolveElderlyParams(table, f.divisionCode);
    for (const d of subsidies(f, params)) {
      const current = openBy.get(`${f.personId}:${d.programme}`);
      if (d.eligible && !current && refusedKeys.has(`${f.personId}:${d.programme}:${d.monthlyAmountFen}`)) continue;
      if (d.eligible && !current) {
        await propose(tx, actor, f, d, on, params.samples);
        result.proposed++;
      } else if (d.eligible && current && current.monthlyAmountFen !== d.monthlyAmountFen) {
        await changeAmount(tx, actor, current, d, on);
        result.updated++;
      } else if (!d.eligible && current) {
        await endProposal(tx, actor, current, d.reasons.join('；'), on);
        result[current.status === 'confirmed' ? 'stopped' : 'withdrawn']++;
      }
    }
  }
  return result;
}

async function propose(tx: Tx, actor: Actor, f: FactRow, d: SubsidyDecision, on: IsoDate, samples: string[]) {
  const [row] = await tx.insert(subsidyProposals).values({
    personId: f.personId, householdId: f.householdId!, divisionCode: f.divisionCode, programme: d.programme,
    monthlyAmountFen: d.monthlyAmountFen, fromMonth: nextMonth(monthOf(on)),
    explanation: { reasons: d.reasons, facts: { age: f.age, dibao: f.dibao, tekun: f.tekun, level: f.level, inInstitution: f.inInstitution }, samples, on },
  }).returning();
  const instance = await startWorkflow(tx, SYSTEM_ACTOR, SUBSIDY_WORKFLOW, {
    subjectType: PROPOSAL_SUBJECT, subjectId: row.id, divisionCode: f.divisionCode,
    title: `${f.name} ${SUBSIDIES[d.programme]}（免申即享）`,
    data: { personId: f.personId, programme: d.programme, monthlyAmountFen: d.monthlyAmountFen, reasons: d.reasons },
  });
  await tx.update(subsidyProposals).set({ instanceId: instance.id }).where(eq(subsidyProposals.id, row.id));
  await recordAudit(tx, actor, {
    action: 'elderly.subsidy.proposed', entityType: PROPOSAL_SUBJECT, entityId: row.id, divisionCode: row.divisionCode,
    after: { personId: row.personId, programme: row.programme, monthlyAmountFen: row.monthlyAmountFen, reasons: d.reasons },
  });
}

async function changeAmount(tx: Tx, actor: Actor, p: ProposalRow, d: SubsidyDecision, on: IsoDate) {
  const fromMonth = nextMonth(monthOf(on));
  if (p.status === 'confirmed') {
    await setEntitlement(tx, SYSTEM_ACTOR, {
      programme: p.programme, householdId: p.householdId, personId: p.personId, divisionCode: p.divisionCode, monthlyAmountFen: d.monthlyAmountFen,
      fromMonth, reason: `${SUBSIDIES[p.programme as SubsidyProgramme]}调整：${d.reasons.join('；')}`, sourceType: PROPOSAL_SUBJECT, sourceId: p.id,
    });
  }
  await tx.update(subsidyProposals).set({ monthlyAmountFen: d.monthlyAmountFen, explanation: { reasons: d.reasons, on } }).where(eq(subsidyProposals.id, p.id));
  await recordAudit(tx, actor, {
    action: 'elderly.subsidy.changed', entityType: PROPOSAL_SUBJECT, entityId: p.id, divisionCode: p.divisionCode, reason: d.reasons.join('；'),
    before: { monthlyAmountFen: p.monthlyAmountFen }, after: { monthlyAmountFen: d.monthlyAmountFen, fromMonth },
  });
}

/** A paid subsidy stops after this month; a proposal not yet confirmed is withdrawn. */
export async function endProposal(tx: Tx, actor: Actor, p: ProposalRow, reason: string, on: IsoDate) {
  if (p.status === 'confirmed') {
    await stopEntitlement(tx, SYSTEM_ACTOR, { programme: p.programme, householdId: p.householdId, personId: p.personId, lastMonth: monthOf(on), reason });
  }
  await tx.update(subsidyProposals).set({ status: p.status === 'confirmed' ? 'stopped' : 'rejected', stoppedAt: new Date(), stopReason: reason })
    .where(eq(subsidyProposals.id, p.id));
  await recordAudit(tx, actor, {
    action: p.status === 'confirmed' ? 'elderly.subsidy.stopped' : 'elderly.subsidy.withdrawn', entityType: PROPOSAL_SUBJECT, entityId: p.id,
    divisionCode: p.divisionCode, reason, before: { status: p.status }, after: { lastMonth: monthOf(on) },
  });
}

export async function proposalOf(exec: Executor, id: number): Promise<ProposalRow> {
  const [row] = await exec.select().from(subsidyProposals).where(eq(subsidyProposals.id, id));
  if (!row) throw notFound('补贴建议');
  return row;
}

/** The confirmation step's effect: the proposal is paid from the month after confirmation. */
export async function confirmProposal(tx: Tx, actor: Actor, id: number, today: IsoDate, note?: string | null) {
  const p = await proposalOf(tx, id);
  const fromMonth = nextMonth(monthOf(today));
  await setEntitlement(tx, actor, {
    programme: p.programme, householdId: p.householdId, personId: p.personId, divisionCode: p.divisionCode, monthlyAmountFen: p.monthlyAmountFen,
    fromMonth, reason: `${SUBSIDIES[p.programme as SubsidyProgramme]}（免申即享，建议第 ${p.id} 号确认）`, sourceType: PROPOSAL_SUBJECT, sourceId: p.id,
  });
  await tx.update(subsidyProposals).set({ status: 'confirmed', fromMonth, decidedBy: actor.userId || null, decidedAt: new Date(), decisionReason: note ?? null })
    .where(eq(subsidyProposals.id, id));
  return { fromMonth };
}

export async function rejectProposal(tx: Tx, actor: Actor, id: number, reason: string) {
  await tx.update(subsidyProposals).set({ status: 'rejected', decidedBy: actor.userId || null, decidedAt: new Date(), decisionReason: reason })
    .where(eq(subsidyProposals.id, id));
}

export interface ProposalQuery { status?: string; programme?: string; page?: number; pageSize?: number }

export async function listProposals(exec: Executor, actor: Actor, q: ProposalQuery = {}) {
  requireElderly(actor, 'read');
  const conds = [scopeCondition(actor, subsidyProposals.divisionCode)];
  if (q.status) conds.push(eq(subsidyProposals.status, q.status));
  if (q.programme) conds.push(eq(subsidyProposals.programme, q.programme));
  const size = Math.min(100, q.pageSize ?? 20);
  const page = Math.max(1, q.page ?? 1);
  const where = and(...conds);
  const [{ n }] = await exec.select({ n: sql<number>`count(*)::int` }).from(subsidyProposals).where(where);
  const rows = await exec.select({
    proposal: subsidyProposals, name: personFacts.name,
  }).from(subsidyProposals).leftJoin(personFacts, eq(personFacts.personId, subsidyProposals.personId))
    .where(where).orderBy(sql`${subsidyProposals.id} DESC`).limit(size).offset((page - 1) * size);
  return {
    total: Number(n),
    rows: rows.map((r) => ({ ...r.proposal, name: r.name, programmeName: SUBSIDIES[r.proposal.programme as SubsidyProgramme] ?? r.proposal.programme })),
  };
}

export { todayInChina };
