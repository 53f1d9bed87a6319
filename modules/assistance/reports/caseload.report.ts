// 救助对象与支出: households, persons and money by division and month, from the SIGNED payroll
// (what was actually decided to be paid), read through the payments module's listRuns / listLines,
// which apply the actor's reach. Persons are the members counted on the household's approved
// application for the programme; a paid household without one counts as one person.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { type Actor, type DivisionDirectory, type Executor } from '#kernel';
import { listLines, listRuns, programmeName } from '#payments';
import { applications } from '../schema';
import { monthsBetween } from './report.params';

export type GroupBy = 'county' | 'township';

export interface CaseloadQuery {
  from: string;
  to: string;
  groupBy: GroupBy;
  programme?: string;
}

export interface CaseloadRow {
  month: string;
  divisionCode: string;
  divisionName: string | null;
  households: number;
  persons: number;
  spendingFen: number;
}

export interface CaseloadReport {
  from: string;
  to: string;
  groupBy: GroupBy;
  programme: string | null;
  programmeName: string | null;
  /** the actor's jurisdiction the figures cover */
  scope: string;
  rows: CaseloadRow[];
  /** one per month: every division together */
  totals: Omit<CaseloadRow, 'divisionCode' | 'divisionName'>[];
  /** one per month and programme paid that month: every division together (for the lines by programme) */
  byProgramme: (Omit<CaseloadRow, 'divisionCode' | 'divisionName'> & { programme: string; programmeName: string })[];
  /** households paid that had no approved application (counted as one person each) */
  householdsWithoutApplication: number;
  signedRuns: number;
}

const PAGE = 5_000;

export async function caseloadReport(exec: Executor, actor: Actor, divisions: DivisionDirectory, q: CaseloadQuery): Promise<CaseloadReport> {
  const width = q.groupBy === 'county' ? 6 : 9;
  // (month, division) → households and money; keys of (household, programme) for persons.
  const cells = new Map<string, { month: string; divisionCode: string; keys: Set<string>; spendingFen: number }>();
  const paid = new Set<string>();
  const programmeCells = new Map<string, { month: string; programme: string; keys: Set<string>; spendingFen: number }>();
  let signedRuns = 0;
  for (const month of monthsBetween(q.from, q.to)) {
    const runs = (await listRuns(exec, actor, { month })).filter((r) => r.status === 'signed');
    for (const run of runs) {
      signedRuns++;
      for (let page = 1; ; page++) {
        const { items } = await listLines(exec, actor, run.id, { page, pageSize: PAGE, ...(q.programme ? { programme: q.programme } : {}) });
        for (const l of items) {
          if (l.change === 'stopped') continue;
          const divisionCode = l.divisionCode.slice(0, width);
          const k = `${month}|${divisionCode}`;
          let cell = cells.get(k);
          if (!cell) cells.set(k, (cell = { month, divisionCode, keys: new Set(), spendingFen: 0 }));
          const key = `${l.householdId}|${l.programme}`;
          cell.keys.add(key);
          cell.spendingFen += l.amountFen;
          paid.add(key);
          const pk = `${month}|${l.programme}`;
          let pc = programmeCells.get(pk);
          if (!pc) programmeCells.set(pk, (pc = { month, programme: l.programme, keys: new Set(), spendingFen: 0 }));
          pc.keys.add(key);
          pc.spendingFen += l.amountFen;
        }
        if (items.length < PAGE) break;
      }
    }
  }
  const persons = await personsOf(exec, [...paid]);
  let withoutApplication = 0;
  for (const k of paid) if (!persons.has(k)) withoutApplication++;
  const personsIn = (keys: Set<string>) => [...keys].reduce((a, k) => a + (persons.get(k) ?? 1), 0);

  const rows: CaseloadRow[] = [...cells.values()]
    .map((c) => ({ month: c.month, divisionCode: c.divisionCode, divisionName: divisions.name(c.divisionCode), households: c.keys.size, persons: personsIn(c.keys), spendingFen: c.spendingFen }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.divisionCode.localeCompare(b.divisionCode));
  const byMonth = new Map<string, { month: string; households: number; persons: number; spendingFen: number }>();
  for (const r of rows) {
    const t = byMonth.get(r.month) ?? { month: r.month, households: 0, persons: 0, spendingFen: 0 };
    t.households += r.households; t.persons += r.persons; t.spendingFen += r.spendingFen;
    byMonth.set(r.month, t);
  }
  return {
    from: q.from, to: q.to, groupBy: q.groupBy, programme: q.programme ?? null, programmeName: q.programme ? programmeName(q.programme) : null,
    scope: actor.divisionCode, rows, totals: [...byMonth.values()], householdsWithoutApplication: withoutApplication, signedRuns,
    byProgramme: [...programmeCells.values()]
      .map((c) => ({ month: c.month, programme: c.programme, programmeName: programmeName(c.programme), households: c.keys.size, persons: personsIn(c.keys), spendingFen: c.spendingFen }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.programme.localeCompare(b.programme)),
  };
}

/** Members counted on the latest approved application of each (household, programme). */
async function personsOf(exec: Executor, keys: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const households = [...new Set(keys.map((k) => Number(k.split('|')[0])))];
  for (let i = 0; i < households.length; i += 5_000) {
    const rows = await exec.select({ householdId: applications.householdId, programme: applications.programme, members: applications.members })
      .from(applications)
      .where(and(inArray(applications.householdId, households.slice(i, i + 5_000)), eq(applications.decision, 'approved')))
      .orderBy(desc(applications.id));
    for (const r of rows) {
      const k = `${r.householdId}|${r.programme}`;
      if (!out.has(k)) out.set(k, (r.members as { included: boolean }[]).filter((m) => m.included).length);
    }
  }
  return out;
}
