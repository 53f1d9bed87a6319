// 文件交换格式: the layout a department's extract or answer file follows (CSV in UTF-8, or the first
// sheet of an xlsx). Row 1 is the header; columns are found by their header text, in any order:
//
//   身份证号 (required) · 姓名 · 类别 (required: 收入 养老金 失业登记 医疗自付费用 不动产 机动车 市场主体
//   住房公积金缴存 存款 证券 死亡, or the English code) · 编号 (plate, licence, certificate…) ·
//   月收入（元） · 金额（元） · 日期 (YYYY-MM-DD) · 说明
//
// Every row is checked; one bad row rejects the whole file, and every bad row is named at once.
import ExcelJS from 'exceljs';
import { validateIdNumber, yuanToFen, type FieldError } from '#kernel';
import { FINDING_KINDS, type FindingKind, type SourceSpec } from './catalogue';
import type { SourceFinding } from './adapter';

export const FILE_COLUMNS = ['身份证号', '姓名', '类别', '编号', '月收入（元）', '金额（元）', '日期', '说明'] as const;
const ALIASES: Record<string, (typeof FILE_COLUMNS)[number]> = { '月收入(元)': '月收入（元）', '金额(元)': '金额（元）', 月收入: '月收入（元）', 金额: '金额（元）' };
const KIND_BY_LABEL = new Map<string, FindingKind>(Object.entries(FINDING_KINDS).flatMap(([code, label]) => [[label, code as FindingKind], [code, code as FindingKind]]));

export interface ParsedFile { rows: SourceFinding[]; errors: FieldError[] }

/** Splits CSV text into rows of cells (RFC 4180 quoting). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => r.some((x) => x.trim() !== ''));
}

async function xlsxRows(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = r.getCell(c).value;
      cells.push(v == null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'object' && 'text' in v ? String(v.text) : String(v));
    }
    out.push(cells);
  });
  return out;
}

const money = (text: string, field: string, line: number, errors: FieldError[]): number => {
  if (!text.trim()) return 0;
  try {
    const fen = yuanToFen(text);
    if (fen < 0) throw new Error();
    return fen;
  } catch {
    errors.push({ field: `rows.${line}.${field}`, code: 'AMOUNT_INVALID', message: `第 ${line} 行：${field}“${text}”不是有效的非负金额` });
    return 0;
  }
};

/** Checks every row of a department's file against the layout and the source's kinds. */
export function parseRows(table: string[][], source: SourceSpec, today: string): ParsedFile {
  const errors: FieldError[] = [];
  if (table.length === 0) return { rows: [], errors: [{ field: 'file', code: 'FILE_EMPTY', message: '文件为空：第 1 行应为表头' }] };
  const header = table[0].map((h) => ALIASES[h.trim()] ?? h.trim());
  const col = new Map(header.map((h, i) => [h, i]));
  for (const need of ['身份证号', '类别'] as const) {
    if (!col.has(need)) errors.push({ field: 'header', code: 'COLUMN_MISSING', message: `表头缺少“${need}”列（格式见文件交换说明）` });
  }
  if (errors.length) return { rows: [], errors };
  const get = (r: string[], name: (typeof FILE_COLUMNS)[number]) => (col.has(name) ? (r[col.get(name)!] ?? '').trim() : '');
  const rows: SourceFinding[] = [];
  table.slice(1).forEach((r, i) => {
    const line = i + 2;
    const before = errors.length;
    const id = validateIdNumber(get(r, '身份证号'), today);
    if (!id.ok) errors.push({ field: `rows.${line}.身份证号`, code: id.code, message: `第 ${line} 行：${id.message}` });
    const kind = KIND_BY_LABEL.get(get(r, '类别'));
    if (!kind) errors.push({ field: `rows.${line}.类别`, code: 'KIND_UNKNOWN', message: `第 ${line} 行：类别“${get(r, '类别')}”无法识别` });
    else if (!source.kinds.includes(kind)) {
      errors.push({ field: `rows.${line}.类别`, code: 'KIND_NOT_OF_SOURCE', message: `第 ${line} 行：“${source.name}”不提供“${FINDING_KINDS[kind]}”类数据` });
    }
    const monthlyIncomeFen = money(get(r, '月收入（元）'), '月收入（元）', line, errors);
    const amountFen = money(get(r, '金额（元）'), '金额（元）', line, errors);
    const date = get(r, '日期');
    if (date && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)) || date > today)) {
      errors.push({ field: `rows.${line}.日期`, code: 'DATE_INVALID', message: `第 ${line} 行：日期“${date}”应为不晚于今天的 YYYY-MM-DD` });
    }
    if (errors.length > before || !id.ok || !kind) return;
    rows.push({ idNumber: id.normalized, kind, reference: get(r, '编号'), monthlyIncomeFen, amountFen, eventDate: date || null, detail: get(r, '说明').slice(0, 500) });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ field: 'file', code: 'FILE_NO_ROWS', message: '文件除表头外没有数据行' });
  return { rows: errors.length ? [] : rows, errors };
}

/** A CSV or xlsx file (by name or content) parsed and checked. */
export async function parseExtractFile(buffer: Buffer, filename: string, source: SourceSpec, today: string): Promise<ParsedFile> {
  const isXlsx = /\.xlsx$/i.test(filename) || buffer.subarray(0, 2).toString('latin1') === 'PK';
  let table: string[][];
  try {
    table = isXlsx ? await xlsxRows(buffer) : parseCsv(buffer.toString('utf8'));
  } catch {
    return { rows: [], errors: [{ field: 'file', code: 'FILE_UNREADABLE', message: '文件无法读取：请提供 UTF-8 编码的 CSV 或 xlsx 文件' }] };
  }
  return parseRows(table, source, today);
}
