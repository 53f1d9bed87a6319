// 演示办件: applications taken through the real dibao procedure — intake at the township window, the
// workflow's steps and the decision — so the processing-time report and the inbox show true cases.
// Each step runs through the kernel's workflow service with a back-dated clock (its `now` option);
// only the intake, whose service takes no clock, is back-dated afterwards (its opening, deadlines and
// record), and every actor is named 演示数据 so the history says it is demo data.
import { eq, sql } from 'drizzle-orm';
import {
  DivisionDirectory, addDays, currentCalendar, inTransaction, transition, workflowInstances, workflowTransitions,
  type Actor, type Database, type IsoDate, type Tx,
} from '#kernel';
import '../dibao.workflow'; // the procedure the cases go through
import { applications } from '../schema';
import { receiveApplication } from '../applications.service';
import { REQUIRED_DOCUMENTS } from '../applications.schemas';
import type { IncomeLine } from '../applications.rules';
import { unit, type Candidate } from './caseload.seeder';

export interface ProcedureResult { decided: number; approved: number; refused: number; open: number; overdueOpen: number }

interface Joiner { c: Candidate; fromMonth: string; incomes: IncomeLine[] }

/** Up to `perMonth` of the households joining each month (they are in a stable pseudo-random order). */
export function pickForProcedure<T extends { fromMonth: string }>(joiners: T[], perMonth: number): T[] {
  const taken = new Map<string, number>();
  return joiners.filter((j) => {
    const n = taken.get(j.fromMonth) ?? 0;
    if (n >= perMonth) return false;
    taken.set(j.fromMonth, n + 1);
    return true;
  });
}

const demoActor = (role: 'township_caseworker' | 'county_approver', divisionCode: string, divisions: DivisionDirectory): Actor => ({
  userId: 0, username: 'demo', role, divisionCode,
  displayName: `演示数据·${divisions.name(divisionCode) ?? divisionCode}${role === 'county_approver' ? '民政局' : '经办'}`,
});
const at = (day: IsoDate, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/** Working days are the statutory calendar's; walking is by day, so holidays are respected. */
function workingDayOnOrAfter(day: IsoDate): IsoDate {
  const cal = currentCalendar();
  let d = day;
  while (!cal.isWorkingDay(d)) d = addDays(d, 1);
  return d;
}
function plusWorkingDays(day: IsoDate, n: number): IsoDate {
  return n === 0 ? day : currentCalendar().addWorkingDays(day, n).date;
}
function minusWorkingDays(day: IsoDate, n: number): IsoDate {
  const cal = currentCalendar();
  let d = day;
  for (let k = 0; k < n;) { d = addDays(d, -1); if (cal.isWorkingDay(d)) k++; }
  return d;
}

async function intake(tx: Tx, divisions: DivisionDirectory, c: Candidate, incomes: IncomeLine[], opened: IsoDate): Promise<number> {
  const township = c.divisionCode.slice(0, 9);
  const app = await receiveApplication(tx, { divisions }, demoActor('township_caseworker', township, divisions), {
    programme: 'dibao', householdId: c.householdId, applicantPersonId: c.headPersonId,
    members: c.members.map((m) => ({ personId: m.personId, included: true })),
    incomes: incomes.map((i) => ({ personId: i.personId, kind: i.kind as never, monthlyFen: i.monthlyFen })),
    assets: { financialFen: 0, vehicles: 0, extraHousing: 0 },
    consents: c.members.map((m) => ({ personId: m.personId, kind: 'electronic' as const, confirmedBy: m.name, confirmedAt: at(opened, 9).toISOString() })),
    documents: Object.keys(REQUIRED_DOCUMENTS).map((code) => ({ code: code as keyof typeof REQUIRED_DOCUMENTS })),
  });
  // The intake service takes no clock: move the opening, its deadlines and its record to the demo day.
  const [i] = await tx.select().from(workflowInstances).where(eq(workflowInstances.id, app.instanceId!));
  const cal = currentCalendar();
  const realToday = i.overallStartedOn!;
  const shift = (due: string | null) => (due ? plusWorkingDays(opened, cal.workingDaysBetween(realToday, due).days) : null);
  const A = at(opened);
  await tx.update(workflowInstances).set({
    openedAt: A, stateEnteredAt: A, overallStartedOn: opened, overallDueAt: shift(i.overallDueAt), dueAt: shift(i.dueAt),
  }).where(eq(workflowInstances.id, i.id));
  await tx.update(workflowTransitions).set({ at: A }).where(eq(workflowTransitions.instanceId, i.id));
  await tx.update(applications).set({ createdAt: A, updatedAt: A }).where(eq(applications.id, app.id));
  return i.id;
}

type Step = 'requestVerification' | 'attachReport' | 'recordVisit' | 'publishNotice' | 'closeNotice';

async function step(tx: Tx, divisions: DivisionDirectory, c: Candidate, instanceId: number, name: Step, day: IsoDate, incomes: IncomeLine[]) {
  const actor = demoActor('township_caseworker', c.divisionCode.slice(0, 9), divisions);
  const monthly = incomes.reduce((a, i) => a + i.monthlyFen, 0);
  const input = {
    requestVerification: null,
    attachReport: {
      reportNo: `演示-${instanceId}`,
      sources: [
        { source: 'social_insurance', finding: '未见参保缴费及待遇领取记录', monthlyIncomeFen: 0 },
        { source: 'bank_deposits', finding: '存款余额较少，未超过规定', assetsFen: 0 },
        { source: 'vehicles', finding: '名下无机动车' },
      ],
      totals: { monthlyIncomeFen: monthly, financialAssetsFen: 0, vehicles: 0, extraHousing: 0 },
    },
    recordVisit: {
      visitedOn: day,
      investigators: [{ name: '演示调查员甲', signed: true }, { name: '演示调查员乙', signed: true }],
      findings: { housing: '自有砖房一处，陈旧', livingConditions: '家中无贵重物品，生活困难', incomeMatchesDeclaration: true },
    },
    publishNotice: null,
    closeNotice: null,
  }[name];
  await transition(tx, actor, instanceId, name, input, { now: at(day) });
}

/** Takes a case from intake through notice to the decision, on the days given; returns the decision day. */
async function decide(tx: Tx, divisions: DivisionDirectory, j: { c: Candidate; incomes: IncomeLine[] }, opened: IsoDate, decideOn: IsoDate, refuse: boolean) {
  const id = await intake(tx, divisions, j.c, j.incomes, opened);
  const w = currentCalendar().workingDaysBetween(opened, decideOn).days;
  const verified = plusWorkingDays(opened, Math.max(1, Math.round(0.3 * (w - 8))));
  const visited = plusWorkingDays(verified, 2);
  const notice = plusWorkingDays(visited, 1);
  const closed = workingDayOnOrAfter(addDays(notice, 8));
  const day = decideOn > closed ? decideOn : closed;
  await step(tx, divisions, j.c, id, 'requestVerification', opened, j.incomes);
  await step(tx, divisions, j.c, id, 'attachReport', verified, j.incomes);
  await step(tx, divisions, j.c, id, 'recordVisit', visited, j.incomes);
  await step(tx, divisions, j.c, id, 'publishNotice', notice, j.incomes);
  await step(tx, divisions, j.c, id, 'closeNotice', closed, j.incomes);
  const approver = demoActor('county_approver', j.c.divisionCode.slice(0, 6), divisions);
  if (refuse) {
    await transition(tx, approver, id, 'refuse', { reasons: '经核对，家庭人均收入高于当地低保标准，不符合低保条件' }, { now: at(day, 15) });
  } else {
    await transition(tx, approver, id, 'approve', null, { now: at(day, 15) });
  }
  // The decision services stamp the decision with the real clock: align it with the case.
  await tx.update(applications).set({ decidedAt: at(day, 15), updatedAt: at(day, 15) }).where(sql`${applications.instanceId} = ${id}`);
  return day;
}

/**
 * The history: households joining during the period decided in the month before their first
 * payment (10–27 working days; about one in ten past the 30-day limit), two refusals a month, and
 * ten applications still open on `today` in every state before the decision, four past the limit.
 * Open cases go first to 冠山镇 and 平定县, where the demo accounts work.
 */
export async function seedProcedureHistory(db: Database, o: { today: IsoDate; months: string[]; approve: Joiner[]; others: Candidate[] }): Promise<ProcedureResult> {
  const divisions = await DivisionDirectory.load(db.orm);
  const r: ProcedureResult = { decided: 0, approved: 0, refused: 0, open: 0, overdueOpen: 0 };
  const daysFor = (id: number) => (unit(id, 7) < 0.1 ? 31 + Math.floor(unit(id, 8) * 8) : 10 + Math.floor(unit(id, 6) * 18));
  for (const j of o.approve) {
    const [y, m] = j.fromMonth.split('-').map(Number);
    const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const decideOn = workingDayOnOrAfter(`${prev}-${String(5 + Math.floor(unit(j.c.householdId, 5) * 12)).padStart(2, '0')}`);
    await inTransaction(db, (tx) => decide(tx, divisions, j, minusWorkingDays(decideOn, daysFor(j.c.householdId)), decideOn, false));
    r.decided++; r.approved++;
  }
  // Refusals: income well above the standard, declared and verified.
  const others = [...o.others];
  const high = (c: Candidate): IncomeLine[] => [{ personId: c.headPersonId, kind: 'wage', monthlyFen: 150_000 * c.members.length }];
  for (const month of o.months) {
    for (let k = 0; k < 2 && others.length; k++) {
      const c = others.shift()!;
      const decideOn = workingDayOnOrAfter(`${month}-${String(8 + k * 10).padStart(2, '0')}`);
      if (decideOn >= o.today) continue;
      await inTransaction(db, (tx) => decide(tx, divisions, { c, incomes: high(c) }, minusWorkingDays(decideOn, daysFor(c.householdId)), decideOn, true));
      r.decided++; r.refused++;
    }
  }
  // Open cases: working days since intake, and how far each has come.
  const open: [number, Step[]][] = [
    [2, []], [6, ['requestVerification']], [9, ['requestVerification', 'attachReport']],
    [14, ['requestVerification', 'attachReport', 'recordVisit']], [16, ['requestVerification', 'attachReport', 'recordVisit', 'publishNotice']],
    [24, ['requestVerification', 'attachReport', 'recordVisit', 'publishNotice', 'closeNotice']],
    [33, ['requestVerification', 'attachReport']], [36, ['requestVerification', 'attachReport', 'recordVisit']],
    [41, ['requestVerification', 'attachReport', 'recordVisit', 'publishNotice', 'closeNotice']], [38, ['requestVerification', 'attachReport', 'recordVisit', 'publishNotice']],
  ];
  const near = (c: Candidate) => (c.divisionCode.startsWith('140321100') ? 0 : c.divisionCode.startsWith('140321') ? 1 : 2);
  const pool = others.map((c, i) => ({ c, i })).sort((a, b) => near(a.c) - near(b.c) || a.i - b.i).map((x) => x.c);
  for (const [k, [since, steps]] of open.entries()) {
    const c = pool[k];
    if (!c) break;
    const incomes: IncomeLine[] = [];
    const opened = minusWorkingDays(o.today, since);
    await inTransaction(db, async (tx) => {
      const id = await intake(tx, divisions, c, incomes, opened);
      let day = opened;
      for (const s of steps) {
        day = s === 'requestVerification' ? opened
          : s === 'closeNotice' ? workingDayOnOrAfter(addDays(day, 8))
          : plusWorkingDays(day, Math.max(1, Math.floor(since / 6)));
        if (day >= o.today) break;
        await step(tx, divisions, c, id, s, day, incomes);
      }
    });
    r.open++;
    if (since > 30) r.overdueOpen++;
  }
  return r;
}
