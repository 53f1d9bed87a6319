import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { ROSTER_COLUMNS } from './roster.columns';
import type { RejectedRow } from './import.service';

const RED: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/**
 * The rejected rows as they were uploaded, with 错误说明 first and the bad cells in red; after
 * correcting it, staff can import this file itself (the reader ignores the two extra columns).
 */
export function errorsWorkbook(rows: RejectedRow[], fileName: string): PassThrough {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('错误清单', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = [
    { key: 'messages', width: 60 },
    { key: 'rowNumber', width: 8 },
    ...ROSTER_COLUMNS.map((c) => ({ key: c.key, width: c.width, style: c.text ? { numFmt: '@' } : {} })),
  ];
  const title = ws.addRow([`导入错误清单：${fileName}，共 ${rows.length} 行未导入`]);
  title.font = { bold: true, size: 14 };
  title.commit();
  const head = ws.addRow(['错误说明', '原行号', ...ROSTER_COLUMNS.map((c) => c.header)]);
  head.font = { bold: true };
  head.commit();
  for (const r of rows) {
    const row = ws.addRow([r.messages.join('\n'), r.rowNumber, ...ROSTER_COLUMNS.map((c) => r.cells[c.key] ?? null)]);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).font = { color: { argb: 'FFC00000' } };
    const bad = new Set(r.errors.map((e) => e.column));
    ROSTER_COLUMNS.forEach((c, i) => { if (bad.has(c.header)) row.getCell(i + 3).fill = RED; });
    row.commit();
  }
  ws.commit();
  void wb.commit().catch((e: unknown) => out.destroy(e as Error));
  return out;
}
