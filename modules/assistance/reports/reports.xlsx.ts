// The reports as workbooks: a who/when header (exported by, at, jurisdiction, period), then the table.
import ExcelJS from 'exceljs';
import { fenToYuan, type Actor, type DivisionDirectory } from '#kernel';
import type { CaseloadReport } from './caseload.report';
import type { ProcessingFigures, ProcessingReport } from './processing.report';

const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

function header(ws: ExcelJS.Worksheet, title: string, actor: Actor, divisions: DivisionDirectory, period: string, now: Date, width: number) {
  const scope = actor.divisionCode ? `${divisions.name(actor.divisionCode) ?? actor.divisionCode}（${actor.divisionCode}）` : '全市';
  const lines = [title, `导出人：${actor.displayName}（${actor.username}）`, `导出时间：${chinaTime(now)}（北京时间）`, `统计范围：${scope}`, `统计期间：${period}`];
  lines.forEach((text, i) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, width);
    if (i === 0) row.font = { bold: true, size: 14 };
  });
  ws.addRow([]);
}

function table(ws: ExcelJS.Worksheet, columns: { header: string; width: number }[], rows: unknown[][]) {
  const head = ws.addRow(columns.map((c) => c.header));
  head.font = { bold: true };
  columns.forEach((c, i) => { ws.getColumn(i + 1).width = c.width; });
  for (const r of rows) ws.addRow(r);
}

const yuan = (fen: number) => Number(fenToYuan(fen));

export async function caseloadWorkbook(r: CaseloadReport, actor: Actor, divisions: DivisionDirectory, now = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = actor.displayName;
  wb.created = now;
  const ws = wb.addWorksheet('救助对象与支出');
  const title = `救助对象与支出统计${r.programmeName ? `（${r.programmeName}）` : ''}（按${r.groupBy === 'county' ? '县（区）' : '乡镇（街道）'}，据已签发发放名册）`;
  header(ws, title, actor, divisions, `${r.from} 至 ${r.to}`, now, 6);
  table(ws, [
    { header: '月份', width: 10 }, { header: '区划代码', width: 14 }, { header: '区划名称', width: 20 },
    { header: '户数', width: 10 }, { header: '人数', width: 10 }, { header: '支出（元）', width: 16 },
  ], [
    ...r.rows.map((x) => [x.month, x.divisionCode, x.divisionName ?? '', x.households, x.persons, yuan(x.spendingFen)]),
    ...r.totals.map((t) => [t.month, '', '合计', t.households, t.persons, yuan(t.spendingFen)]),
  ]);
  if (r.householdsWithoutApplication > 0) ws.addRow([`注：${r.householdsWithoutApplication} 户无审批纳入的申请记录，人数按 1 人计`]);
  const wp = wb.addWorksheet('按项目');
  header(wp, '救助对象与支出统计（按项目，据已签发发放名册）', actor, divisions, `${r.from} 至 ${r.to}`, now, 5);
  table(wp, [
    { header: '月份', width: 10 }, { header: '项目', width: 24 }, { header: '户数', width: 10 }, { header: '人数', width: 10 }, { header: '支出（元）', width: 16 },
  ], r.byProgramme.map((x) => [x.month, x.programmeName, x.households, x.persons, yuan(x.spendingFen)]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function processingWorkbook(r: ProcessingReport, actor: Actor, divisions: DivisionDirectory, now = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = actor.displayName;
  wb.created = now;
  const period = `${r.from} 至 ${r.to}（超期未决截至 ${r.asOf}）`;
  const title = (by: string) => `救助申请办理时效${r.programmeName ? `（${r.programmeName}）` : ''}（${by}；受理至首次决定，工作日）`;
  const figureColumns = [
    { header: '作出决定（件）', width: 14 }, { header: '批准', width: 8 }, { header: '不予批准', width: 10 },
    { header: '中位数（工作日）', width: 16 }, { header: '90 分位（工作日）', width: 16 }, { header: '超期决定（件）', width: 14 }, { header: '超期未决（件）', width: 14 },
  ];
  const figures = (f: ProcessingFigures) => [f.decided, f.approved, f.refused, f.medianDays ?? '', f.p90Days ?? '', f.overdueDecided, f.overdueOpen];
  const note = (ws: ExcelJS.Worksheet) => { if (r.beyondKnownSchedule) ws.addRow(['注：部分日期超出已公布的节假日安排，工作日按周末推算']); };

  const ws = wb.addWorksheet('办理时效');
  const level = r.groupBy === 'county' ? '县（区）' : '乡镇（街道）';
  header(ws, title(`按${level}`), actor, divisions, period, now, 9);
  table(ws, [{ header: '区划代码', width: 12 }, { header: '区划名称', width: 18 }, ...figureColumns],
    [...r.byDivision.map((c) => [c.divisionCode, c.divisionName ?? '', ...figures(c)]), ['', '合计', ...figures(r)]]);
  note(ws);

  const wp = wb.addWorksheet('按项目');
  header(wp, title('按项目'), actor, divisions, period, now, 8);
  table(wp, [{ header: '项目', width: 20 }, ...figureColumns], [...r.byProgramme.map((p) => [p.programmeName, ...figures(p)]), ['合计', ...figures(r)]]);

  const wm = wb.addWorksheet('按月份');
  header(wm, title('按决定月份'), actor, divisions, `${period}；超期未决计入时限届满的月份`, now, 9);
  table(wm, [{ header: '月份', width: 10 }, { header: '项目', width: 20 }, ...figureColumns], [
    ...r.byMonth.map((m) => [m.month, m.programmeName, ...figures(m)]),
    ...r.monthTotals.map((m) => [m.month, '合计', ...figures(m)]),
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
