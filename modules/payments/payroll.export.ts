// 银行代发文件 (full ID numbers and accounts: it goes to the bank; audited) and 公示名册 (masked ID
// numbers, no accounts). Both stream: lines are read 2,000 at a time in the payroll's order. Both show one
// row per household and programme: a programme paid in parts (tekun's care standard) is one row, its sum.
import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { type Actor, type Database, type DivisionDirectory, fenToYuan, inTransaction, maskIdNumber, recordAudit } from '#kernel';
import { payrollLines } from './schema';
import { coversCounty, linePrefix, requirePayments } from './payments.access';
import { mustGetRun, type PayrollLine, type PayrollRun } from './payroll.service';
import { notSigned, runNotFound } from './payments.errors';
import { programmeName, reportingProgramme, reportingProgrammeSql } from './programmes';
import { monthLabel } from './months';

const PAGE = 2000;

export const BANK_COLUMNS = ['序号', '户主姓名', '身份证号', '开户银行', '银行账号', '金额(元)', '项目', '所属乡镇/村'] as const;
export const ROSTER_COLUMNS = ['序号', '户主姓名', '身份证号', '项目', '金额(元)', '所属乡镇/村'] as const;

/** Lines sent to the bank: due this month, not on hold, a positive amount. */
const payable = sql`${payrollLines.change} <> 'stopped' AND ${payrollLines.holdReason} IS NULL AND ${payrollLines.amountFen} > 0`;

/** Every line `where` selects, page by page along the (run, household, programme) key. */
async function* pages(db: Database, runId: number, where: SQL): AsyncGenerator<PayrollLine[]> {
  let after: [number, string] | null = null;
  for (;;) {
    const keyset: SQL | undefined = after ? sql`(${payrollLines.householdId}, ${payrollLines.programme}) > (${after[0]}, ${after[1]})` : undefined;
    const page: PayrollLine[] = await db.orm.select().from(payrollLines)
      .where(and(eq(payrollLines.runId, runId), where, keyset))
      .orderBy(asc(payrollLines.householdId), asc(payrollLines.programme)).limit(PAGE);
    if (page.length) yield page;
    if (page.length < PAGE) return;
    const last = page[page.length - 1];
    after = [last.householdId, last.programme];
  }
}

/**
 * The lines as the bank and the roster see them: a household's parts of a programme summed into one row
 * under the programme. A household's lines are consecutive in key order, so one household is held at a time.
 */
async function* byProgramme(lines: AsyncGenerator<PayrollLine[]>): AsyncGenerator<PayrollLine[]> {
  let held: PayrollLine[] = [];
  for await (const page of lines) {
    const out: PayrollLine[] = [];
    for (const l of page) {
      if (held.length && held[0].householdId !== l.householdId) { out.push(...held); held = []; }
      const programme = reportingProgramme(l.programme);
      const same = held.find((h) => h.programme === programme);
      if (same) same.amountFen += l.amountFen;
      else held.push({ ...l, programme });
    }
    if (out.length) yield out;
  }
  if (held.length) yield held;
}

const bankRow = sql.raw(`(household_id, ${reportingProgrammeSql('programme')})`);

async function totals(db: Database, runId: number, where: SQL) {
  const [t] = await db.orm.select({ rows: sql<number>`count(DISTINCT ${bankRow})::int`, fen: sql<number>`coalesce(sum(${payrollLines.amountFen}), 0)::bigint` })
    .from(payrollLines).where(and(eq(payrollLines.runId, runId), where));
  return { rows: t.rows, totalFen: Number(t.fen) };
}

const stamp = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export interface BankFile {
  run: PayrollRun;
  rows: number;
  totalFen: number;
  stream: Readable;
  fileName: string;
}

/**
 * The bank disbursement file of a signed payroll, one row per household and programme that is paid.
 * Full ID numbers and accounts: only the county's approvers and the city, and every export is in the audit log.
 */
export async function exportBankFile(db: Database, divisions: DivisionDirectory, actor: Actor, runId: number, format: 'xlsx' | 'csv'): Promise<BankFile> {
  requirePayments(actor, 'payments:bank');
  const run = await mustGetRun(db.orm, actor, runId);
  if (!coversCounty(actor, run.countyCode)) throw runNotFound();
  if (run.status !== 'signed') throw notSigned();
  const { rows, totalFen } = await totals(db, run.id, payable);
  await inTransaction(db, (tx) => recordAudit(tx, actor, {
    action: 'payroll.bank_file_exported', entityType: 'payroll_run', entityId: run.id, divisionCode: run.countyCode,
    reason: '银行代发（含完整身份证号和银行账号）', after: { month: run.month, countyCode: run.countyCode, format, rows, totalFen },
  }));
  const place = (code: string) => divisions.fullName(code, 4) || code;
  const cells = (l: PayrollLine, n: number) => [
    n, l.headName ?? '', l.headIdNumber ?? '', l.bankName ?? '', l.bankAccount ?? '', fenToYuan(l.amountFen), programmeName(l.programme), place(l.divisionCode),
  ];
  const lines = byProgramme(pages(db, run.id, payable));
  const base = `银行代发-${divisions.name(run.countyCode) ?? run.countyCode}-${run.month}`;
  if (format === 'csv') {
    return { run, rows, totalFen, fileName: `${base}.csv`, stream: Readable.from(csvRows(BANK_COLUMNS, lines, cells)) };
  }
  const out = new PassThrough();
  writeWorkbook(out, actor, '代发明细', null, BANK_COLUMNS, [8, 12, 22, 24, 26, 12, 20, 28], lines, cells, (ws) => {
    ws.addRow(['发放月份', monthLabel(run.month)]).commit();
    ws.addRow(['县（区）', `${divisions.name(run.countyCode) ?? ''}（${run.countyCode}）`]).commit();
    ws.addRow(['笔数', rows]).commit();
    ws.addRow(['金额合计(元)', fenToYuan(totalFen)]).commit();
    ws.addRow(['签发时间', run.signedAt ? stamp(run.signedAt) : '']).commit();
    ws.addRow(['导出人', `${actor.displayName}（${actor.username}）`]).commit();
    ws.addRow(['导出时间', stamp(new Date())]).commit();
  });
  return { run, rows, totalFen, fileName: `${base}.xlsx`, stream: out };
}

/** 公示名册: who receives what this month, in the actor's part of the county; ID numbers masked, no accounts. */
export async function exportRoster(db: Database, divisions: DivisionDirectory, actor: Actor, runId: number): Promise<BankFile> {
  requirePayments(actor, 'payments:read');
  const run = await mustGetRun(db.orm, actor, runId);
  const prefix = linePrefix(actor, run.countyCode);
  const where = sql`${payrollLines.change} <> 'stopped' AND ${payrollLines.amountFen} > 0 AND ${payrollLines.divisionCode} LIKE ${prefix + '%'}`;
  const { rows, totalFen } = await totals(db, run.id, where);
  const place = (code: string) => divisions.fullName(code, 4) || code;
  const cells = (l: PayrollLine, n: number) => [
    n, l.headName ?? '', l.headIdNumber ? maskIdNumber(l.headIdNumber) : '', programmeName(l.programme), fenToYuan(l.amountFen), place(l.divisionCode),
  ];
  const out = new PassThrough();
  const title = [
    `${divisions.fullName(prefix, 3) || prefix} ${monthLabel(run.month)} 社会救助资金发放公示名册${run.status === 'signed' ? '' : '（草稿，未签发）'}`,
    `共 ${rows} 笔，合计 ${fenToYuan(totalFen)} 元。身份证号已脱敏。`,
    `导出人：${actor.displayName}（${actor.username}）　导出时间：${stamp(new Date())}`,
  ];
  writeWorkbook(out, actor, '公示名册', title, ROSTER_COLUMNS, [8, 12, 22, 24, 12, 28], byProgramme(pages(db, run.id, where)), cells);
  return { run, rows, totalFen, fileName: `公示名册-${divisions.name(prefix) ?? prefix}-${run.month}.xlsx`, stream: out };
}

type Cells = (l: PayrollLine, n: number) => (string | number)[];

function writeWorkbook(
  out: PassThrough, actor: Actor, sheet: string, title: string[] | null, header: readonly string[], widths: number[],
  lines: AsyncGenerator<PayrollLine[]>, cells: Cells, summary?: (ws: ExcelJS.Worksheet) => void,
) {
  const write = async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = actor.displayName;
    const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: (title?.length ?? 0) + 1 }] });
    // ID numbers and accounts are text: Excel would otherwise turn 18 digits into 1.40321E+17.
    ws.columns = widths.map((width, i) => ({ width, style: header[i] === '金额(元)' || i === 0 ? {} : { numFmt: '@' } }));
    for (const [i, t] of (title ?? []).entries()) {
      const r = ws.addRow([t]);
      r.font = i === 0 ? { bold: true, size: 14 } : {};
      r.commit();
    }
    const head = ws.addRow([...header]);
    head.font = { bold: true };
    head.commit();
    let n = 0;
    for await (const page of lines) {
      for (const l of page) ws.addRow(cells(l, ++n)).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    ws.commit();
    if (summary) {
      const s = wb.addWorksheet('汇总');
      s.columns = [{ width: 16 }, { width: 36 }];
      summary(s);
      s.commit();
    }
    await wb.commit();
  };
  write().catch((e: unknown) => out.destroy(e as Error));
}

const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function* csvRows(header: readonly string[], lines: AsyncGenerator<PayrollLine[]>, cells: Cells): AsyncGenerator<string> {
  // UTF-8 with a byte-order mark so that Excel opens the Chinese headers correctly.
  yield '\uFEFF' + header.map(csvField).join(',') + '\r\n';
  let n = 0;
  for await (const page of lines) yield page.map((l) => cells(l, ++n).map(csvField).join(',') + '\r\n').join('');
}
