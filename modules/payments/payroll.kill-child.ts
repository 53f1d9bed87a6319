// Runs one payroll in a process of its own, printing each phase as it starts, so that a test can
// kill the process in the middle of the run. Usage: tsx payroll.kill-child.ts <db> <month> <county>
// where <db> is a postgres:// URL or a PGlite data directory.
import { SYSTEM_ACTOR, openDatabase } from '#kernel';
import { runPayroll } from './payroll.service';

const [target, month, countyCode] = process.argv.slice(2);
const db = await openDatabase(target.startsWith('postgres') ? { url: target, poolSize: 2 } : { dataDir: target });
console.log('opened');
const r = await runPayroll(db, SYSTEM_ACTOR, { month, countyCode }, { onPhase: (phase) => console.log(`phase:${phase}`) });
console.log(`done:${r.summary.lines}`);
await db.close();
