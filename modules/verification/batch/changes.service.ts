// Changes that matter become review tasks in the responsible township's inbox, one task per household,
// unless an open task (a change review, or assistance's periodic review) already covers the household.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, startWorkflow, workflowInstances, type Executor, type Tx } from '#kernel';
import { changes } from '../schema';
import { CHANGE_KINDS, type ChangeKind } from './facts';
import { CHANGE_REVIEW_SUBJECT, CHANGE_REVIEW_WORKFLOW } from './change-review.workflow';

// assistance's periodic review (定期复核) also looks at the whole household
const COVERING_WORKFLOWS = [CHANGE_REVIEW_WORKFLOW, 'dibao.review'];

/** The open covering task of each household, in one query. */
async function openTasksOf(exec: Executor, householdIds: number[]): Promise<Map<number, number>> {
  const rows = await exec.select({ id: workflowInstances.id, householdId: sql<number>`(${workflowInstances.data} ->> 'householdId')::bigint`.mapWith(Number) })
    .from(workflowInstances)
    .where(and(inArray(workflowInstances.workflowKey, COVERING_WORKFLOWS), isNull(workflowInstances.closedAt),
      sql`(${workflowInstances.data} ->> 'householdId')::bigint = any(${`{${householdIds.join(',')}}`}::bigint[])`));
  return new Map(rows.map((r) => [r.householdId, r.id]));
}

/** Opens (or links to) the task for each household among the changes not yet routed; returns tasks opened. */
export async function routeChanges(tx: Tx, changeIds: number[]): Promise<{ opened: number; covered: number }> {
  if (changeIds.length === 0) return { opened: 0, covered: 0 };
  const rows = await tx.select().from(changes).where(and(inArray(changes.id, changeIds), isNull(changes.taskInstanceId)));
  const byHousehold = new Map<number, typeof rows>();
  for (const r of rows) byHousehold.set(r.householdId, [...(byHousehold.get(r.householdId) ?? []), r]);
  const open = await openTasksOf(tx, [...byHousehold.keys()]);
  let opened = 0;
  let covered = 0;
  for (const [householdId, list] of byHousehold) {
    let task = open.get(householdId) ?? null;
    const existing = task !== null;
    if (!task) {
      const kinds = [...new Set(list.map((c) => CHANGE_KINDS[c.kind as ChangeKind]))].join('、');
      const who = list[0].personName;
      const instance = await startWorkflow(tx, SYSTEM_ACTOR, CHANGE_REVIEW_WORKFLOW, {
        subjectType: CHANGE_REVIEW_SUBJECT, subjectId: householdId, divisionCode: list[0].divisionCode,
        title: `${who} 户核对发现：${kinds}`,
        data: { householdId, changeIds: list.map((c) => c.id) },
      });
      task = instance.id;
      opened++;
    } else covered += list.length;
    await tx.update(changes).set({ taskInstanceId: task, coveredByExisting: existing }).where(inArray(changes.id, list.map((c) => c.id)));
  }
  return { opened, covered };
}

export async function changesOfTask(exec: Executor, instanceId: number) {
  return exec.select().from(changes).where(eq(changes.taskInstanceId, instanceId)).orderBy(changes.id);
}
