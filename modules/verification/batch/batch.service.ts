// 批量复核: re-verifies active recipients (all in a division, or a selection) against all or chosen
// sources. Sources that answer per query (HTTP, simulated) are asked in chunks and their answers kept;
// file sources answer from their extracts. The comparison with what was already known is set-based,
// and each change that matters is routed to the township as a review task.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { DomainError, SYSTEM_ACTOR, enqueue, inTransaction, notFound, recordAudit, scopeCondition, todayInChina, type Actor, type Database, type Executor } from '#kernel';
import { activeDibaoCases, loadAssistanceParams } from '#assistance';
import { batchRuns, batchSubjects, changes, sourceRecords } from '../schema';
import { SOURCE_CATALOGUE, sourceSpec } from '../sources/catalogue';
import { getSource, recordExchange, insertRecords } from '../sources/sources.service';
import { SourceUnavailable } from '../sources/adapter';
import { fillBatchSubjects } from '../registry.reader';
import { routeChanges } from './changes.service';

export const BATCH_JOB = 'verification.batch';
const CHUNK = 500;

export interface BatchInput { divisionCode: string; sourceCodes?: string[]; householdIds?: number[]; trigger?: 'scheduled' | 'on_demand' }

/** Queues a batch run; the job worker (or the caller) runs it. */
export async function startBatch(db: Database, actor: Actor, input: BatchInput) {
  if (!input.divisionCode.startsWith(actor.divisionCode)) throw new DomainError('FORBIDDEN', '复核范围不在您的管辖范围内', { status: 403 });
  const codes = input.sourceCodes?.length ? input.sourceCodes : SOURCE_CATALOGUE.map((s) => s.code);
  const unknown = codes.filter((c) => !sourceSpec(c));
  if (unknown.length) throw new DomainError('SOURCE_UNKNOWN', `数据来源不存在：${unknown.join('、')}`, { status: 422 });
  return inTransaction(db, async (tx) => {
    const [run] = await tx.insert(batchRuns).values({
      divisionCode: input.divisionCode, sourceCodes: codes, trigger: input.trigger ?? 'on_demand', startedBy: actor.displayName,
    }).returning();
    const job = await enqueue(tx, { kind: BATCH_JOB, params: { runId: run.id, householdIds: input.householdIds ?? null }, createdBy: actor.userId || null });
    await tx.update(batchRuns).set({ jobId: job.id }).where(eq(batchRuns.id, run.id));
    await recordAudit(tx, actor, {
      action: 'verification.batch.started', entityType: 'verification_batch', entityId: run.id, divisionCode: input.divisionCode,
      reason: '低保对象定期批量核对', after: { sources: codes, households: input.householdIds?.length ?? 'all' },
    });
    return { ...run, jobId: job.id };
  });
}

type Progress = (done: number, total?: number | null) => void;

/** The recipients of the run: active dibao households in the division, with the standard × members each. */
async function subjectsOf(exec: Executor, divisionCode: string, month: string, only: number[] | null) {
  const cases = await activeDibaoCases(exec, divisionCode, month);
  const wanted = only ? new Set(only) : null;
  const standards = new Map<string, number>();
  const out: { householdId: number; standardFen: number }[] = [];
  for (const c of cases) {
    if (wanted && !wanted.has(c.householdId)) continue;
    const key = `${c.divisionCode}:${c.input.urbanRural}`;
    if (!standards.has(key)) {
      const params = await loadAssistanceParams(exec, c.divisionCode, month);
      standards.set(key, (params.values as Record<string, number>)[`dibao.standard.${c.input.urbanRural}`] ?? 0);
    }
    out.push({ householdId: c.householdId, standardFen: standards.get(key)! * c.input.members.length });
  }
  return out;
}

/** Asks a per-query source about the run's subjects in chunks and keeps its answers as records. */
async function refreshSource(db: Database, runId: number, code: string, onChunk: (n: number) => void): Promise<string | null> {
  const { row, spec, adapter } = await getSource(db.orm, code);
  if (row.adapter === 'file' || !row.enabled) return null;
  const today = todayInChina();
  for (let after = 0; ;) {
    const chunk = await db.orm.select({ personId: batchSubjects.personId, idNumber: batchSubjects.idNumber, name: batchSubjects.name })
      .from(batchSubjects).where(and(eq(batchSubjects.runId, runId), sql`${batchSubjects.personId} > ${after}`))
      .orderBy(batchSubjects.personId).limit(CHUNK);
    if (chunk.length === 0) break;
    after = chunk[chunk.length - 1].personId;
    try {
      const found = await adapter.query({ source: spec, config: row.config as Record<string, unknown>, persons: chunk, idempotencyKey: `batch-${runId}-${code}-${after}`, exec: db.orm, today });
      await inTransaction(db, async (tx) => {
        await tx.delete(sourceRecords).where(and(eq(sourceRecords.sourceCode, code), eq(sourceRecords.origin, 'answer'), inArray(sourceRecords.idNumber, chunk.map((c) => c.idNumber))));
        await insertRecords(tx, code, found, 'answer');
      });
    } catch (e) {
      if (!(e instanceof SourceUnavailable)) throw e;
      await recordExchange(db.orm, code, e.message);
      return e.message;
    }
    onChunk(chunk.length);
  }
  await recordExchange(db.orm, code, null);
  return null;
}

/**
 * New facts (a death, a vehicle, a business, a property not known for the household before) and
 * incomes at or above the household's standard, as changes of this run, in two statements.
 */
async function diff(exec: Executor, runId: number, codes: string[], month: string): Promise<number[]> {
  const sources = `{${codes.join(',')}}`;
  const facts = await exec.execute<{ id: number }>(sql`
    with found as (
      select s.household_id, s.person_id, s.name, s.division_code, r.kind, r.source_code, r.detail, r.reference, r.event_date,
             case when r.kind = 'death' then 'death:' || s.person_id else r.kind || ':' || coalesce(nullif(r.reference, ''), r.source_code) end as fact_key
      from verification.batch_subjects s
      join verification.source_records r on r.id_number = s.id_number
      where s.run_id = ${runId} and r.source_code = any(${sources}::text[]) and r.kind in ('death', 'vehicle', 'business', 'property')
    ), fresh as (
      select distinct on (f.household_id, f.fact_key) f.* from found f
      where not exists (select 1 from verification.known_facts k where k.household_id = f.household_id and k.fact_key = f.fact_key)
      order by f.household_id, f.fact_key, f.source_code
    ), known as (
      insert into verification.known_facts (household_id, fact_key) select household_id, fact_key from fresh on conflict do nothing
    )
    insert into verification.changes (run_id, household_id, person_id, person_name, division_code, kind, source_code, fact_key, detail)
    select ${runId}, household_id, person_id, name, division_code, kind, source_code, fact_key,
           trim(concat_ws(' ', name, case kind when 'death' then '死亡' when 'vehicle' then '新登记机动车' when 'business' then '新登记市场主体' else '新登记不动产' end,
                nullif(reference, ''), case when event_date is not null then '（' || event_date || '）' end, nullif(detail, '')))
    from fresh
    returning id`);
  const incomes = await exec.execute<{ id: number }>(sql`
    with per_person as (
      select s.household_id, s.person_id, s.name, s.division_code, s.standard_fen,
             coalesce(max(r.monthly_income_fen) filter (where r.kind in ('income', 'housing_fund')), 0)
             + coalesce(sum(r.monthly_income_fen) filter (where r.kind in ('pension', 'business')), 0) as income_fen
      from verification.batch_subjects s
      join verification.source_records r on r.id_number = s.id_number and r.source_code = any(${sources}::text[])
      where s.run_id = ${runId}
      group by s.household_id, s.person_id, s.name, s.division_code, s.standard_fen
    ), per_household as (
      select household_id, min(division_code) as division_code, max(standard_fen) as standard_fen, sum(income_fen) as income_fen,
             (array_agg(name order by income_fen desc))[1] as name, (array_agg(person_id order by income_fen desc))[1] as person_id
      from per_person group by household_id
    )
    insert into verification.changes (run_id, household_id, person_id, person_name, division_code, kind, source_code, fact_key, detail)
    select ${runId}, household_id, person_id, name, division_code, 'income', 'batch', 'income:' || ${month},
           name || ' 户核实月收入 ' || to_char(income_fen / 100.0, 'FM999999990.00') || ' 元，达到低保标准合计 ' || to_char(standard_fen / 100.0, 'FM999999990.00') || ' 元'
    from per_household h where standard_fen > 0 and income_fen >= standard_fen
      and not exists (select 1 from verification.changes c where c.household_id = h.household_id and c.fact_key = 'income:' || ${month})
    returning id`);
  return [...facts.rows, ...incomes.rows].map((r) => Number(r.id));
}

/** Runs a batch (the job's body): subjects, per-query sources, the set-based comparison, the review tasks. */
export async function runBatch(db: Database, runId: number, householdIds: number[] | null, progress: Progress = () => {}) {
  const [run] = await db.orm.select().from(batchRuns).where(eq(batchRuns.id, runId));
  if (!run) throw notFound('批量复核', 'BATCH_NOT_FOUND');
  const month = todayInChina().slice(0, 7);
  try {
    await db.orm.update(batchRuns).set({ status: 'running' }).where(eq(batchRuns.id, runId));
    const households = await subjectsOf(db.orm, run.divisionCode, month, householdIds);
    const subjects = await inTransaction(db, (tx) => fillBatchSubjects(tx, runId, households));
    await db.orm.update(batchRuns).set({ subjects }).where(eq(batchRuns.id, runId));
    const perQuery = [];
    for (const code of run.sourceCodes) {
      const { row } = await getSource(db.orm, code);
      if (row.adapter !== 'file' && row.enabled) perQuery.push(code);
    }
    // progress: each per-query source over every subject, then one step for the comparison
    const total = perQuery.length * subjects + 1;
    let done = 0;
    progress(0, total);
    for (const code of perQuery) await refreshSource(db, runId, code, (n) => progress((done += n), total));
    const result = await inTransaction(db, async (tx) => {
      if (db.kind === 'postgres') await tx.execute(sql`set local jit = off`); // compiling costs more than running here
      const ids = await diff(tx, runId, run.sourceCodes, month);
      const routed = await routeChanges(tx, ids);
      await tx.delete(batchSubjects).where(eq(batchSubjects.runId, runId));
      const [after] = await tx.update(batchRuns).set({ status: 'succeeded', changesFound: ids.length, tasksOpened: routed.opened, finishedAt: new Date() })
        .where(eq(batchRuns.id, runId)).returning();
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'verification.batch.finished', entityType: 'verification_batch', entityId: runId, divisionCode: run.divisionCode,
        reason: '低保对象定期批量核对', after: { subjects, changes: ids.length, tasksOpened: routed.opened, covered: routed.covered },
      });
      return after;
    });
    progress(total, total);
    return result;
  } catch (e) {
    await db.orm.update(batchRuns).set({ status: 'failed', error: (e as Error).message.slice(0, 2000), finishedAt: new Date() }).where(eq(batchRuns.id, runId));
    throw e;
  }
}

export async function listBatchRuns(exec: Executor, actor: Actor, page = 1, pageSize = 20) {
  const where = scopeCondition(actor, batchRuns.divisionCode);
  const rows = await exec.select({ run: batchRuns, total: sql<number>`count(*) over ()`.mapWith(Number) }).from(batchRuns).where(where)
    .orderBy(desc(batchRuns.id)).limit(pageSize).offset((page - 1) * pageSize);
  return { items: rows.map((r) => r.run), total: rows[0]?.total ?? 0 };
}

/** A run and its changes, within the actor's jurisdiction (changes filtered by it too). */
export async function batchRunDetail(exec: Executor, actor: Actor, id: number) {
  const [run] = await exec.select().from(batchRuns).where(and(eq(batchRuns.id, id), sql`(${batchRuns.divisionCode} like ${actor.divisionCode + '%'} or ${actor.divisionCode} like ${batchRuns.divisionCode} || '%')`));
  if (!run) throw notFound('批量复核', 'BATCH_NOT_FOUND');
  const list = await exec.select().from(changes).where(and(eq(changes.runId, id), scopeCondition(actor, changes.divisionCode))).orderBy(changes.id).limit(2000);
  return { run, changes: list };
}
