// Reactions to registry events, registered at module load. Each is idempotent: a second delivery
// finds the change already made and does nothing.
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, emit, on, recordAudit, todayInChina, type Tx } from '#kernel';
import { monthOf, nextMonth, setEntitlement, stopEntitlement } from '#payments';
import { applications, type ApplicationRow } from './schema';
import { calculateApplication, enrolledApplications, SUBJECT_TYPE, updateApplication } from './applications.service';
import { countedMembers, type StoredMember } from './applications.rules';

interface Deceased { personId: number; householdId: number | null; deathDate: string }
interface Moved { personId: number; fromDivisionCode: string; toDivisionCode: string; householdId: number | null; movedOn: string }

/**
 * 死亡: the member's share stops. The household's dibao is recomputed without them from the month
 * after the death is known (a month already paid is a matter for recovery, not for this reaction);
 * no member left, or no longer eligible, stops the payment.
 */
export async function memberDeceased(tx: Tx, e: Deceased, today = todayInChina()): Promise<void> {
  if (!e.householdId) return;
  const [app] = await enrolledApplications(tx, e.householdId);
  if (!app) return;
  const members = app.members as StoredMember[];
  const member = members.find((m) => m.personId === e.personId);
  if (!member?.included) return;
  const updated = members.map((m) => (m.personId === e.personId ? { ...m, included: false, reason: `死亡（${e.deathDate}）` } : m));
  const after = await updateApplication(tx, app.id, { members: updated });
  const fromMonth = nextMonth(monthOf(today));
  const reason = `家庭成员 ${member.name} 死亡（${e.deathDate}），重新核定低保金`;
  const calc = countedMembers({ members: updated }).length ? await calculateApplication(tx, after, fromMonth) : null;
  if (!calc || !calc.eligible || calc.monthlyAmountFen <= 0) {
    await stopEntitlement(tx, SYSTEM_ACTOR, { programme: 'dibao', householdId: app.householdId, lastMonth: monthOf(today), reason });
  } else {
    await setEntitlement(tx, SYSTEM_ACTOR, {
      programme: 'dibao', householdId: app.householdId, divisionCode: app.divisionCode, monthlyAmountFen: calc.monthlyAmountFen,
      fromMonth, reason, sourceType: SUBJECT_TYPE, sourceId: app.id,
    });
  }
  await updateApplication(tx, app.id, { calculation: calc ?? after.calculation });
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'assistance.dibao.recomputed', entityType: SUBJECT_TYPE, entityId: app.id, divisionCode: app.divisionCode, reason,
    after: { fromMonth, monthlyAmountFen: calc?.eligible ? calc.monthlyAmountFen : 0 },
  });
}

const township = (code: string) => code.slice(0, 9);

/**
 * 迁移: a case whose person moved to another township cannot follow by itself (the kernel has no
 * re-routing of a case yet), so the application records a pending transfer for the responsible
 * township to act on, and an event says so.
 */
export async function personMoved(tx: Tx, e: Moved): Promise<void> {
  if (township(e.fromDivisionCode) === township(e.toDivisionCode)) return;
  const rows: ApplicationRow[] = await tx.select().from(applications)
    .where(sql`${applications.members} @> ${JSON.stringify([{ personId: e.personId }])}::jsonb AND (${applications.decision} IS NULL OR ${applications.decision} = 'approved')`);
  for (const app of rows) {
    const pending = app.pendingTransfer as { personId: number; toDivisionCode: string } | null;
    if (pending?.personId === e.personId && pending.toDivisionCode === e.toDivisionCode) continue;
    const wholeHousehold = app.householdId === e.householdId;
    const transfer = { personId: e.personId, toDivisionCode: e.toDivisionCode, movedOn: e.movedOn, wholeHousehold, open: app.decision === null };
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

on<Deceased>('person.deceased', 'assistance.dibao.memberDeceased', (event, tx) => memberDeceased(tx, event.payload));
on<Moved>('person.moved', 'assistance.application.personMoved', (event, tx) => personMoved(tx, event.payload));
