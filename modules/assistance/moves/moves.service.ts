// 迁移: when the registry moves a whole household, its cases follow it — the application's division,
// the kernel case (re-routed to the new township's inbox) and, across counties only, the entitlements
// (to the new county's payroll from the first month neither county has signed; within a county the
// payroll is the same and the entitlements stay as they are). A member who leaves alone heads a new
// household elsewhere: the old household's case records a pending transfer for the township to act on.
import { and, eq, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, emit, recordAudit, rerouteInstance, type Tx } from '#kernel';
import { mustGetHousehold } from '#registry';
import { monthOf, moveEntitlements, nextMonth } from '#payments';
import { applications, type ApplicationRow } from '../schema';
import { SUBJECT_TYPE, updateApplication } from '../applications.service';

export interface Moved { personId: number; fromDivisionCode: string; toDivisionCode: string; householdId: number | null; movedOn: string }

const township = (code: string) => code.slice(0, 9);
const county = (code: string) => code.slice(0, 6);
const live = sql`(${applications.decision} IS NULL OR ${applications.decision} = 'approved')`;

/** The household moved as a whole (a person alone in it takes it along): re-route its open and enrolled cases. */
async function householdMoved(tx: Tx, e: Moved & { householdId: number }): Promise<void> {
  const rows: ApplicationRow[] = await tx.select().from(applications).where(and(eq(applications.householdId, e.householdId), live));
  const reason = `户籍迁移：${e.fromDivisionCode} → ${e.toDivisionCode}（${e.movedOn}）`;
  const urbanRural = rows.length ? (await mustGetHousehold(tx, SYSTEM_ACTOR, e.householdId)).urbanRural : null;
  for (const app of rows) {
    if (app.divisionCode === e.toDivisionCode) continue;
    await updateApplication(tx, app.id, { divisionCode: e.toDivisionCode, urbanRural: urbanRural ?? app.urbanRural, pendingTransfer: null });
    if (app.instanceId) await rerouteInstance(tx, SYSTEM_ACTOR, app.instanceId, e.toDivisionCode, reason);
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'assistance.application.rerouted', entityType: SUBJECT_TYPE, entityId: app.id, divisionCode: e.toDivisionCode, reason,
      before: { divisionCode: app.divisionCode }, after: { divisionCode: e.toDivisionCode, instanceId: app.instanceId },
    });
    await emit(tx, {
      type: 'assistance.application.rerouted', aggregateType: SUBJECT_TYPE, aggregateId: app.id, divisionCode: e.toDivisionCode,
      payload: { applicationId: app.id, householdId: app.householdId, fromDivisionCode: app.divisionCode, toDivisionCode: e.toDivisionCode },
    });
  }
  if (county(e.fromDivisionCode) === county(e.toDivisionCode)) return;
  await moveEntitlements(tx, SYSTEM_ACTOR, { householdId: e.householdId, toDivisionCode: e.toDivisionCode, month: nextMonth(monthOf(e.movedOn)), reason });
}

/** A member left for another township: the case stays with the household and records what the township must settle. */
async function memberLeft(tx: Tx, e: Moved): Promise<void> {
  if (township(e.fromDivisionCode) === township(e.toDivisionCode)) return;
  const rows: ApplicationRow[] = await tx.select().from(applications)
    .where(and(sql`${applications.members} @> ${JSON.stringify([{ personId: e.personId }])}::jsonb`, live));
  for (const app of rows) {
    if (app.householdId === e.householdId) continue;
    const pending = app.pendingTransfer as { personId: number; toDivisionCode: string } | null;
    if (pending?.personId === e.personId && pending.toDivisionCode === e.toDivisionCode) continue;
    const transfer = { personId: e.personId, toDivisionCode: e.toDivisionCode, movedOn: e.movedOn, wholeHousehold: false, open: app.decision === null };
    await updateApplication(tx, app.id, { pendingTransfer: transfer });
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'assistance.application.transferPending', entityType: SUBJECT_TYPE, entityId: app.id, divisionCode: app.divisionCode, after: transfer,
    });
    await emit(tx, {
      type: 'assistance.application.transferPending', aggregateType: SUBJECT_TYPE, aggregateId: app.id, divisionCode: app.divisionCode,
      payload: { applicationId: app.id, ...transfer },
    });
  }
}

/** The registry's person.moved: idempotent (a second delivery finds everything where it belongs). */
export async function personMoved(tx: Tx, e: Moved): Promise<void> {
  if (e.householdId) await householdMoved(tx, { ...e, householdId: e.householdId });
  await memberLeft(tx, e);
}
