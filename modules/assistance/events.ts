// Reactions to registry events, registered at module load. Each is idempotent: a second delivery
// finds the change already made and does nothing.
import { and, eq } from 'drizzle-orm';
import { SYSTEM_ACTOR, on, recordAudit, type Tx } from '#kernel';
import { firstOpenMonth, listEntitlements, monthOf, nextMonth, previousMonth, setEntitlement, stopEntitlement } from '#payments';
import { applications } from './schema';
import { calculateApplication, enrolledApplications, SUBJECT_TYPE, updateApplication } from './applications.service';
import { countedMembers, type StoredMember } from './applications.rules';
import { recoverAfterDeath } from './recovery/recovery.service';
import { TEKUN_BASIC, TEKUN_CARE } from './tekun/tekun-procedure.rules';
import { personMoved, type Moved } from './moves/moves.service';
import './tekun/tekun-care.service'; // registers the reaction to elderly.assessed

interface Deceased { personId: number; householdId: number | null; deathDate: string }

/**
 * 死亡: the member's share stops. The household's dibao is recomputed without them from the month
 * after the death (or the first month the county has not signed); no member left, or no longer
 * eligible, stops the payment. Months after the death already paid become a recovery (追回).
 */
export async function memberDeceased(tx: Tx, e: Deceased): Promise<void> {
  if (!e.householdId) return;
  const [app] = await enrolledApplications(tx, e.householdId);
  if (!app) return;
  const members = app.members as StoredMember[];
  const member = members.find((m) => m.personId === e.personId);
  if (!member?.included) return;
  const updated = members.map((m) => (m.personId === e.personId ? { ...m, included: false, reason: `死亡（${e.deathDate}）` } : m));
  const after = await updateApplication(tx, app.id, { members: updated });
  const fromMonth = await firstOpenMonth(tx, app.divisionCode, nextMonth(monthOf(e.deathDate)));
  const reason = `家庭成员 ${member.name} 死亡（${e.deathDate}），重新核定低保金`;
  const anyoneLeft = countedMembers({ members: updated }).length > 0;
  const dueFen = async (month: string) => {
    if (!anyoneLeft) return 0;
    const c = await calculateApplication(tx, after, month);
    return c.eligible ? c.monthlyAmountFen : 0;
  };
  const calc = anyoneLeft ? await calculateApplication(tx, after, fromMonth) : null;
  if (!calc || !calc.eligible || calc.monthlyAmountFen <= 0) {
    await stopEntitlement(tx, SYSTEM_ACTOR, { programme: 'dibao', householdId: app.householdId, lastMonth: previousMonth(fromMonth), reason });
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
  await recoverAfterDeath(tx, {
    programme: 'dibao', householdId: app.householdId, personId: null, divisionCode: app.divisionCode, deathDate: e.deathDate, name: member.name, dueFen,
  });
}

/** 特困人员死亡: both parts of the person's support stop after the month of death; later months paid are recovered. */
export async function tekunPersonDeceased(tx: Tx, e: Deceased): Promise<void> {
  if (!e.householdId) return;
  const own = (await listEntitlements(tx, SYSTEM_ACTOR, e.householdId).catch(() => []))
    .filter((x) => x.personId === e.personId && [TEKUN_BASIC, TEKUN_CARE].includes(x.programme) && !x.withdrawnAt);
  if (own.length === 0) return;
  const [app] = await tx.select().from(applications)
    .where(and(eq(applications.applicantPersonId, e.personId), eq(applications.programme, 'tekun'), eq(applications.decision, 'approved')));
  const name = app?.applicantName ?? `人员 ${e.personId}`;
  for (const programme of [TEKUN_BASIC, TEKUN_CARE]) {
    const periods = own.filter((x) => x.programme === programme);
    if (periods.length === 0) continue;
    const divisionCode = periods[0].divisionCode;
    const fromMonth = await firstOpenMonth(tx, divisionCode, nextMonth(monthOf(e.deathDate)));
    await stopEntitlement(tx, SYSTEM_ACTOR, { programme, householdId: e.householdId, personId: e.personId, lastMonth: previousMonth(fromMonth), reason: `特困人员 ${name} 死亡（${e.deathDate}），停止供养` });
    await recoverAfterDeath(tx, { programme, householdId: e.householdId, personId: e.personId, divisionCode, deathDate: e.deathDate, name, dueFen: () => 0 });
  }
}

export { personMoved };

on<Deceased>('person.deceased', 'assistance.dibao.memberDeceased', (event, tx) => memberDeceased(tx, event.payload));
on<Deceased>('person.deceased', 'assistance.tekun.personDeceased', (event, tx) => tekunPersonDeceased(tx, event.payload));
on<Moved>('person.moved', 'assistance.application.personMoved', (event, tx) => personMoved(tx, event.payload));
