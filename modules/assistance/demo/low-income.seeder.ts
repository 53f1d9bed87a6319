// 演示低收入人口: near-dibao and rigid-expense households recognised through the register's own service
// on days spread over the last thirteen months (its clock is the `today` it is given), so the register
// holds valid, expiring and expired recognitions; two are cancelled. Actors are named 演示数据.
import { DivisionDirectory, addDays, inTransaction, type Database, type IsoDate } from '#kernel';
import { loadAssistanceParams } from '../calculator.service';
import { dibaoStandard } from '../dibao.rules';
import { cancelRecognition, recogniseHousehold } from '../low-income/low-income.service';
import { unit, type Candidate } from './caseload.seeder';

export async function seedDemoLowIncome(db: Database, today: IsoDate, households: Candidate[]): Promise<number> {
  const divisions = await DivisionDirectory.load(db.orm);
  let n = 0;
  for (const [i, c] of households.entries()) {
    const on = addDays(today, -Math.floor(unit(c.householdId, 11) * 400));
    const actor = { userId: 0, username: 'demo', role: 'township_caseworker' as const, divisionCode: c.divisionCode.slice(0, 9), displayName: `演示数据·${divisions.name(c.divisionCode.slice(0, 9))}经办` };
    const standard = dibaoStandard(c.urbanRural, await loadAssistanceParams(db.orm, c.divisionCode, on.slice(0, 7))).standardFen;
    const persons = c.members.length;
    const input = i % 3 === 2
      ? {
          category: 'rigid_expense' as const, householdId: c.householdId, incomeLast12MonthsFen: Math.floor(12 * standard * persons * 13 / 10),
          spending: { medicalFen: 12 * standard * persons, educationFen: 0, rehabilitationFen: 0 }, perCapitaDisposableIncomeLastYearFen: 3_000_000,
          note: '演示数据：户主患慢性病长期就医',
        }
      : {
          category: 'near_dibao' as const, householdId: c.householdId, note: '演示数据：入户核实',
          incomes: [{ personId: c.headPersonId, kind: 'wage' as const, monthlyFen: Math.floor(standard * persons * (1.1 + unit(c.householdId, 12) * 0.35)) }],
        };
    await inTransaction(db, async (tx) => {
      const row = await recogniseHousehold(tx, { divisions, today: () => on }, actor, input);
      if (i % 25 === 7) await cancelRecognition(tx, actor, row.id, '演示数据：家庭成员就业，收入增加');
    });
    n++;
  }
  return n;
}
