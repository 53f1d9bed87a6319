// Reads the bank's return file (回盘文件): xlsx or CSV (UTF-8 or GBK) with the columns 银行账号, 金额,
// 状态 (成功/失败) and 失败原因, found by their headers anywhere in the first ten rows.
import ExcelJS from 'exceljs';
import { yuanToFen } from '#kernel';

export interface ReturnRow {
  /** the row number in the file, as the bank's staff would count it */
  row: number;
  account: string;
  amountFen: number;
  failed: boolean;
  reason: string | null;
}

export interface ReturnProblem {
  row: number;
  code: string;
  message: string;
}

export interface ReadReturn {
  rows: ReturnRow[];
  problems: ReturnProblem[];
}

const HEADERS = { account: ['银行账号', '账号', '卡号'], amount: ['金额', '金额(元)', '金额（元）', '发放金额'], status: ['状态', '处理状态', '结果'], reason: ['失败原因', '原因', '备注'] };
const SUCCESS = new Set(['成功', '已成功', '入账成功', 'success', 's']);
const FAILURE = new Set(['失败', '已失败', '入账失败', 'failed', 'fail', 'f']);

export class ReturnFileError extends Error {}

export async function readBankReturn(file: Buffer, fileName: string): Promise<ReadReturn> {
  const table = /\.csv$/i.test(fileName) ? parseCsv(decode(file)) : await xlsxTable(file);
  return readTable(table);
}

function readTable(table: string[][]): ReadReturn {
  const headerAt = table.slice(0, 10).findIndex((r) => find(r, HEADERS.account) >= 0 && find(r, HEADERS.amount) >= 0 && find(r, HEADERS.status) >= 0);
  if (headerAt < 0) throw new ReturnFileError('未找到表头：回盘文件应包含“银行账号”“金额”“状态”列（以及“失败原因”）');
  const h = table[headerAt];
  const col = { account: find(h, HEADERS.account), amount: find(h, HEADERS.amount), status: find(h, HEADERS.status), reason: find(h, HEADERS.reason) };
  const rows: ReturnRow[] = [];
  const problems: ReturnProblem[] = [];
  for (let i = headerAt + 1; i < table.length; i++) {
    const cells = table[i];
    const row = i + 1;
    const cell = (c: number) => (c >= 0 ? (cells[c] ?? '').trim() : '');
    if (cells.every((c) => !c || !c.trim())) continue;
    const account = cell(col.account).replace(/\s+/g, '');
    const status = cell(col.status).toLowerCase();
    const reason = cell(col.reason) || null;
    if (!/^\d{8,32}$/.test(account)) { problems.push({ row, code: 'ACCOUNT_INVALID', message: `第${row}行：银行账号“${cell(col.account)}”无效` }); continue; }
    let amountFen: number;
    try { amountFen = yuanToFen(cell(col.amount)); } catch { problems.push({ row, code: 'AMOUNT_INVALID', message: `第${row}行：金额“${cell(col.amount)}”无效` }); continue; }
    if (!SUCCESS.has(status) && !FAILURE.has(status)) { problems.push({ row, code: 'STATUS_INVALID', message: `第${row}行：状态应为“成功”或“失败”，而不是“${cell(col.status)}”` }); continue; }
    rows.push({ row, account, amountFen, failed: FAILURE.has(status), reason });
  }
  return { rows, problems };
}

const find = (row: string[], names: string[]) => row.findIndex((c) => names.includes((c ?? '').trim()));

function decode(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gbk').decode(buf); // what Chinese banks' systems and Excel write by default
  }
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); out.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); out.push(row); }
  return out;
}

async function xlsxTable(file: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new ReturnFileError('无法读取文件：请上传 .xlsx 或 .csv 格式的回盘文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ReturnFileError('文件中没有工作表');
  const table: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (r, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value));
    table[n - 1] = cells;
  });
  for (let i = 0; i < table.length; i++) table[i] ??= [];
  return table;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (typeof v === 'number') {
    // An amount typed as a number: 587.5 → '587.50'. An account stored as a number loses its digits past 15.
    if (!Number.isSafeInteger(v) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6) return (Math.round(v * 100) / 100).toFixed(2);
    return Number.isSafeInteger(v) ? String(v) : 'NaN';
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if (v instanceof Date) return v.toISOString();
  }
  return String(v);
}
