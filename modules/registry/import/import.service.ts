// 花名册导入: read, check every row, then write whole households: all or nothing, or only the
// households whose every row is right. Used by the HTTP job and by the CLI alike.
import { type Actor, type Database, DomainError, inTransaction } from '#kernel';
import { assertIdNumberFree } from '../persons.service';
import { ruleContext, type RegistryDeps } from '../registry.context';
import { readRoster, type RawRow } from './roster.reader';
import { checkAcrossRows, checkRow, isComplete, rowMessage, type CheckedRow, type RosterHousehold, type RowError } from './roster.rules';
import { householdBatches, registeredAmong, writeHouseholds } from './import.writer';
import { headerOf } from './roster.columns';

export type ImportMode = 'all' | 'valid';
export type ImportPhase = 'reading' | 'checking' | 'importing' | 'done';

export interface ImportCounts {
  phase: ImportPhase;
  /** rows checked so far */
  processed: number;
  /** data rows in the file */
  total: number;
  /** persons written */
  imported: number;
  /** rows not imported */
  failed: number;
  /** households written */
  households: number;
}

export interface RejectedRow {
  rowNumber: number;
  cells: RawRow['cells'];
  errors: RowError[];
  /** every message of the row, 第N行【列】… */
  messages: string[];
}

export interface ImportResult extends ImportCounts {
  status: 'succeeded' | 'rejected';
  mode: ImportMode;
  rejectedRows: RejectedRow[];
}

export interface ImportOptions {
  mode: ImportMode;
  onProgress?: (c: ImportCounts) => void;
  /** persons per transaction in `valid` mode */
  batchSize?: number;
  /** written into each audit entry */
  reason?: string;
}

const CHECK_REPORT_EVERY = 500;

/** The registry's own message for an ID number already registered (visible or neutral). */
async function registeredMessages(db: Database, deps: RegistryDeps, actor: Actor, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of await registeredAmong(db.orm, ids)) {
    try {
      await assertIdNumberFree(db.orm, deps, actor, id);
    } catch (e) {
      if (e instanceof DomainError) out.set(id, e.message);
      else throw e;
    }
  }
  return out;
}

const SKIPPED: RowError = { column: headerOf('householdRef'), code: 'IMPORT_HOUSEHOLD_SKIPPED', message: '同户其他行有错误，本户整户未导入' };

function rejected(r: CheckedRow, extra?: RowError): RejectedRow {
  const errors = r.errors.length ? r.errors : extra ? [extra] : [];
  return { rowNumber: r.rowNumber, cells: r.cells, errors, messages: errors.map((e) => rowMessage(r.rowNumber, e)) };
}

export async function importRoster(
  db: Database, deps: RegistryDeps, actor: Actor, file: string | Buffer, opts: ImportOptions,
): Promise<ImportResult> {
  const counts: ImportCounts = { phase: 'reading', processed: 0, total: 0, imported: 0, failed: 0, households: 0 };
  const report = () => opts.onProgress?.({ ...counts });
  report();
  const sheet = await readRoster(file);
  counts.total = sheet.rows.length;
  counts.phase = 'checking';
  report();

  const ctx = ruleContext(deps, actor);
  const checked: CheckedRow[] = [];
  for (const raw of sheet.rows) {
    checked.push(checkRow(raw, ctx));
    counts.processed += 1;
    if (counts.processed % CHECK_REPORT_EVERY === 0) { report(); await new Promise((r) => setImmediate(r)); }
  }
  const ids = [...new Set(checked.flatMap((r) => (r.facts ? [r.facts.idNumber] : [])))];
  const households = checkAcrossRows(checked, await registeredMessages(db, deps, actor, ids));
  const bad = checked.filter((r) => r.errors.length > 0 || !r.householdRef);
  report();

  const reason = opts.reason ?? '花名册导入';
  const today = deps.today();
  if (opts.mode === 'all') {
    if (bad.length > 0 || checked.length === 0) {
      counts.failed = bad.length;
      counts.phase = 'done';
      report();
      return { ...counts, status: 'rejected', mode: opts.mode, rejectedRows: bad.map((r) => rejected(r)) };
    }
    counts.phase = 'importing';
    report();
    // Counts rise as chunks are written; they are only true once the transaction commits.
    const written = await inTransaction(db, (tx) => writeHouseholds(tx, actor, households, today, reason, (n, h) => {
      counts.imported += n;
      counts.households += h;
      report();
    })).catch((e: unknown) => { counts.imported = 0; counts.households = 0; throw e; });
    counts.imported = written;
    counts.households = households.length;
    counts.phase = 'done';
    report();
    return { ...counts, status: 'succeeded', mode: opts.mode, rejectedRows: [] };
  }

  const good = households.filter(isComplete);
  const skippedRows = households.filter((h) => !isComplete(h)).flatMap((h) => h.rows);
  const rejectedRows = [
    ...skippedRows.map((r) => rejected(r, SKIPPED)),
    ...checked.filter((r) => !r.householdRef).map((r) => rejected(r)),
  ];
  counts.failed = rejectedRows.length;
  counts.phase = 'importing';
  report();
  for (const batch of householdBatches(good, opts.batchSize ?? 500)) {
    const { written, lost } = await inTransaction(db, async (tx) => {
      // Someone may have registered one of these since the check: that household waits for next time.
      const taken = await registeredAmong(tx, batch.flatMap((h) => h.rows.map((r) => r.facts!.idNumber)));
      const [ok, late] = partition(batch, (h) => h.rows.every((r) => !taken.has(r.facts!.idNumber)));
      return { written: await writeHouseholds(tx, actor, ok, today, reason), lost: late, households: ok.length };
    });
    for (const h of lost) {
      for (const r of h.rows) {
        rejectedRows.push(rejected(r, { column: headerOf('idNumber'), code: 'PERSON_DUPLICATE_ID_NUMBER', message: '导入期间本户有人员已被他人登记，本户未导入，请核实后重新导入' }));
      }
    }
    counts.imported += written;
    counts.households += batch.length - lost.length;
    counts.failed = rejectedRows.length;
    report();
  }
  rejectedRows.sort((a, b) => a.rowNumber - b.rowNumber);
  counts.phase = 'done';
  report();
  return { ...counts, status: 'succeeded', mode: opts.mode, rejectedRows };
}

function partition<T>(xs: T[], ok: (x: T) => boolean): [T[], T[]] {
  const a: T[] = [];
  const b: T[] = [];
  for (const x of xs) (ok(x) ? a : b).push(x);
  return [a, b];
}
