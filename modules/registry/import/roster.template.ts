import ExcelJS from 'exceljs';
import { HEALTH_CONDITIONS } from '../codes';
import { EXAMPLE_MARK, ROSTER_COLUMNS, ROSTER_SHEET, ROSTER_TITLE } from './roster.columns';

const LISTS_SHEET = '代码表';
/** Rows of the template that carry drop-downs and text format. */
const TEMPLATE_ROWS = 5000;
export const HEADER_ROW = 2;

const GREY: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

const colLetter = (n: number) => {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
};

// Range-wide validations exist in ExcelJS but not in its typings.
const validations = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;

/** Title, header, one grey example row; shared by the template and the export. */
export function writeRosterHead(ws: ExcelJS.Worksheet, title: string, headerRow: number) {
  ws.columns = ROSTER_COLUMNS.map((c) => ({ key: c.key, width: c.width, style: c.text ? { numFmt: '@' } : {} }));
  ws.mergeCells(1, 1, 1, ROSTER_COLUMNS.length);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { bold: true, size: 16 };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  const head = ws.getRow(headerRow);
  ROSTER_COLUMNS.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEAD_FILL;
    cell.border = thin;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  head.height = 32;
  ws.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }];
}

/** The 户籍花名册 import template: drop-downs of names, text-formatted number columns, instructions. */
export async function buildRosterTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '阳泉市民政';
  wb.created = new Date();
  const ws = wb.addWorksheet(ROSTER_SHEET);
  const help = wb.addWorksheet('填写说明');
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });

  writeRosterHead(ws, ROSTER_TITLE, HEADER_ROW);
  const example = ws.getRow(HEADER_ROW + 1);
  ROSTER_COLUMNS.forEach((c, i) => {
    const cell = example.getCell(i + 1);
    cell.value = c.example || null;
    cell.fill = GREY;
    cell.font = { color: { argb: 'FF808080' }, italic: true };
    if (c.text) cell.numFmt = '@';
  });
  // The column style ('@' text) is what Excel applies to every cell typed into below.

  let listCol = 0;
  ROSTER_COLUMNS.forEach((c, i) => {
    if (!c.list) return;
    listCol += 1;
    const L = colLetter(listCol);
    lists.getCell(1, listCol).value = c.header;
    c.list.forEach((item, k) => { lists.getCell(k + 2, listCol).value = item.name; });
    const col = colLetter(i + 1);
    validations(ws).add(`${col}${HEADER_ROW + 1}:${col}${HEADER_ROW + TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`${LISTS_SHEET}!$${L}$2:$${L}$${c.list.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: c.header,
      error: `请从下拉列表中选择${c.header}`,
    });
  });

  help.columns = [{ header: '列名', key: 'header', width: 26 }, { header: '填写说明', key: 'help', width: 100 }];
  help.getRow(1).font = { bold: true };
  const notes = [
    { header: '总体说明', help: `一行一人。第${HEADER_ROW + 1}行灰色为示例（户编号以“${EXAMPLE_MARK}”开头的行不会导入），可直接覆盖或删除。请勿修改表头。每个文件最多50000行。` },
    { header: '导入方式', help: '“全部成功才导入”：任何一行有错则整份不导入；“仅导入正确行”：整户都正确的家庭导入，有错行的家庭整户跳过，可下载错误清单修改后重新导入。' },
    ...ROSTER_COLUMNS.map((c) => ({
      header: c.header,
      help: c.key === 'healthConditions' ? c.help + HEALTH_CONDITIONS.map((h) => h.name).join('、') : c.help,
    })),
  ];
  for (const n of notes) help.addRow(n).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
