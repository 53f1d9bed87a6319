// What a periodic review computes with once a verification report has arrived: the incomes the home
// visit recorded, each raised to what a department found for the same person and kind, plus kinds
// found but not recorded. Departments do not see informal work, so a recorded income they cannot
// confirm stands. Pure: no I/O.
import type { IncomeLine } from '../applications.rules';

export interface FoundIncome { personId: number; kind: string; monthlyFen: number }

export function withVerifiedIncomes(recorded: IncomeLine[], found: FoundIncome[]): IncomeLine[] {
  const out = recorded.map((r) => ({ ...r }));
  for (const f of found) {
    const same = out.find((r) => r.personId === f.personId && r.kind === f.kind);
    if (same) same.monthlyFen = Math.max(same.monthlyFen, f.monthlyFen);
    else out.push({ personId: f.personId, kind: f.kind as IncomeLine['kind'], monthlyFen: f.monthlyFen });
  }
  return out;
}
