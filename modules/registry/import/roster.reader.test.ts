import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buffer } from 'node:stream/consumers';
import { readRoster, cellText } from './roster.reader';
import { buildRosterTemplate } from './roster.template';
import { errorsWorkbook } from './import.errors-workbook';
import { ROSTER_COLUMNS } from './roster.columns';

describe('readRoster', () => {
  it('reads nothing from the bare template: the grey example row is not data', async () => {
    expect((await readRoster(await buildRosterTemplate())).rows).toEqual([]);
  });

  it('reads rows by header, wherever the columns are, skipping empty rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('任意');
    ws.addRow(['某村花名册']);
    ws.addRow(['姓名', '备注', '公民身份号码', '户编号', '与户主关系', '户籍地区划代码', '城乡']);
    ws.addRow(['王德明', '无', '140321197002030013', 1, '户主', '140321100201', '农村']);
    ws.addRow([]);
    ws.addRow([{ richText: [{ text: '李' }, { text: '秀英' }] }, null, '140321197206090025', 1, '妻', '140321100201', '农村']);
    const sheet = await readRoster(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheet.headerRow).toBe(2);
    expect(sheet.rows).toEqual([
      { rowNumber: 3, cells: { name: '王德明', idNumber: '140321197002030013', householdRef: '1', relation: '户主', divisionCode: '140321100201', urbanRural: '农村' } },
      { rowNumber: 5, cells: { name: '李秀英', idNumber: '140321197206090025', householdRef: '1', relation: '妻', divisionCode: '140321100201', urbanRural: '农村' } },
    ]);
  });

  it('refuses a sheet without the required headers, in words', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['姓名', '公民身份号码']);
    await expect(readRoster(Buffer.from(await wb.xlsx.writeBuffer()))).rejects.toThrow(/表头缺少以下列：户编号\(同户填同一编号\)、与户主关系/);
  });

  it('reads back the errors workbook, so corrected rows can be imported again', async () => {
    const cells = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.example || undefined]));
    cells.householdRef = '7';
    const out = errorsWorkbook([{ rowNumber: 9, cells, errors: [], messages: ['第9行【姓名】…'] }], 'a.xlsx');
    const sheet = await readRoster(await buffer(out));
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.rows[0].cells).toMatchObject({ householdRef: '7', name: '王德明', bankAccount: '6217000010001234567' });
  });

  it('turns every kind of cell into the text a person sees', () => {
    expect(cellText(13912345678)).toBe('13912345678');
    expect(cellText({ formula: 'A1', result: ' 户主 ' })).toBe('户主');
    expect(cellText({ text: '链接', hyperlink: 'x' })).toBe('链接');
    expect(cellText(null)).toBe('');
  });
});
