import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError } from '#kernel';
import { EXAMPLE_MARK, ROSTER_COLUMNS, type RosterKey } from './roster.columns';

export const MAX_ROWS = 50_000;

export interface RawRow {
  /** The row number people see in Excel. */
  rowNumber: number;
  cells: Partial<Record<RosterKey, string>>;
}

export interface RosterSheet {
  headerRow: number;
  rows: RawRow[];
}

const REQUIRED: RosterKey[] = ['householdRef', 'relation', 'name', 'idNumber', 'divisionCode', 'urbanRural'];
/** 户编号(同户填同一编号) and 户编号 are the same column: compare without spaces and brackets. */
const bare = (s: string) => s.replace(/\s+/g, '').replace(/[（(][^）)]*[）)]/g, '');
const BY_HEADER = new Map(ROSTER_COLUMNS.map((c) => [bare(c.header), c.key]));

/** The text a person sees in a cell, whatever ExcelJS made of it. */
export function cellText(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v.trim();
  // A long number typed as a number arrives already rounded (1.40321198005171e+17): it fails the
  // checks with a hint to format the column as text.
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('').trim();
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v).trim();
}

/**
 * Reads the roster's first sheet that has the header row, streaming (files up to ~20 MB).
 * Empty rows and the grey example row are skipped.
 */
export async function readRoster(input: string | Buffer): Promise<RosterSheet> {
  const source = typeof input === 'string' ? input : Readable.from([input]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit',
  });
  let found: RosterSheet | null = null;
  try {
    for await (const sheet of reader) {
      if (found) { for await (const _ of sheet) { /* drain the rest of the file */ } continue; }
      let map: Map<number, RosterKey> | null = null;
      let headerRow = 0;
      const rows: RawRow[] = [];
      for await (const row of sheet) {
        const values = (row.values ?? []) as unknown[];
        if (!map) {
          if (row.number > 30) continue;
          const candidate = new Map<number, RosterKey>();
          values.forEach((v, col) => { const k = BY_HEADER.get(bare(cellText(v))); if (k) candidate.set(col, k); });
          const keys = new Set(candidate.values());
          if (keys.has('name') && keys.has('idNumber')) {
            const missing = REQUIRED.filter((k) => !keys.has(k));
            if (missing.length) {
              throw new DomainError('IMPORT_HEADER_MISSING', `表头缺少以下列：${missing.map((k) => ROSTER_COLUMNS.find((c) => c.key === k)!.header).join('、')}，请使用导入模板`);
            }
            map = candidate;
            headerRow = row.number;
          }
          continue;
        }
        const cells: Partial<Record<RosterKey, string>> = {};
        let any = false;
        for (const [col, key] of map) {
          const t = cellText(values[col]);
          if (t) { cells[key] = t; any = true; }
        }
        if (!any || cells.householdRef?.startsWith(EXAMPLE_MARK)) continue;
        if (rows.length >= MAX_ROWS) {
          throw new DomainError('IMPORT_TOO_MANY_ROWS', `文件超过 ${MAX_ROWS} 行，请拆分为多个文件分别导入`, { status: 413 });
        }
        rows.push({ rowNumber: row.number, cells });
      }
      if (map) found = { headerRow, rows };
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError('IMPORT_FILE_UNREADABLE', '无法读取该文件，请上传用导入模板填写的 .xlsx 文件', { detail: String(e) });
  }
  if (!found) throw new DomainError('IMPORT_HEADER_MISSING', '未找到表头（应含“姓名”“公民身份号码”等列），请使用导入模板');
  return found;
}
