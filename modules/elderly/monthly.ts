// The monthly run (the 1st of each month): proactive subsidy reconciliation (免申即享: new proposals,
// changes and stops) and the double-listing check, city-wide as the system.
import { SYSTEM_ACTOR, inTransaction, type Database, type IsoDate } from '#kernel';
import './subsidies/subsidy.workflow'; // proposals open cases of this workflow
import { reconcileSubsidies } from './subsidies/subsidy.service';
import { runDoubleListingCheck } from './supervision/supervision.service';

export async function runMonthlyElderly(db: Database, today: IsoDate) {
  if (!today.endsWith('-01')) return null;
  const subsidies = await inTransaction(db, (tx) => reconcileSubsidies(tx, SYSTEM_ACTOR, today));
  const check = await inTransaction(db, (tx) => runDoubleListingCheck(tx, SYSTEM_ACTOR, today));
  return { subsidies, raised: check.raised };
}
