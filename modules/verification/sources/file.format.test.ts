import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { idNumberCheckDigit } from '#kernel';
import { parseExtractFile } from './file.format';
import { sourceSpec } from './catalogue';

const id = (first17: string) => first17 + idNumberCheckDigit(first17);
const A = id('14032119800517001');
const B = id('14032119821103002');
const vehicles = sourceSpec('vehicles')!;
const TODAY = '2026-11-30';

describe('the file exchange layout', () => {
  it('parses a good CSV in any column order, by header, with amounts in yuan as fen', async () => {
    const csv = `\uFEFF类别,身份证号,姓名,编号,金额（元）,日期,说明\r\n机动车,${A},张三,晋C12345,"45,000.50",2026-10-01,小型轿车\r\nvehicle,${B},李四,晋C54321,30000,,\r\n`;
    const r = await parseExtractFile(Buffer.from(csv), 'vehicles.csv', vehicles, TODAY);
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { idNumber: A, kind: 'vehicle', reference: '晋C12345', monthlyIncomeFen: 0, amountFen: 4500050, eventDate: '2026-10-01', detail: '小型轿车' },
      { idNumber: B, kind: 'vehicle', reference: '晋C54321', monthlyIncomeFen: 0, amountFen: 3000000, eventDate: null, detail: '' },
    ]);
  });

  it('rejects a malformed file naming every bad row, and returns no rows at all', async () => {
    const bad = A.slice(0, 17) + (A[17] === '0' ? '1' : '0');
    const csv = `身份证号,类别,金额（元）,日期\n${A},机动车,1000,2026-01-01\n${bad},机动车,abc,2026-13-01\n${B},存款,10,\n`;
    const r = await parseExtractFile(Buffer.from(csv), 'x.csv', vehicles, TODAY);
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => e.field)).toEqual(['rows.3.身份证号', 'rows.3.金额（元）', 'rows.3.日期', 'rows.4.类别']);
    expect(r.errors[0].message).toMatch(/^第 3 行：身份证号校验位不正确/);
    expect(r.errors[3].message).toContain('不提供“存款”');
  });

  it('names a missing required column and an empty file', async () => {
    expect((await parseExtractFile(Buffer.from('姓名,金额\n张三,1\n'), 'x.csv', vehicles, TODAY)).errors.map((e) => e.code)).toEqual(['COLUMN_MISSING', 'COLUMN_MISSING']);
    expect((await parseExtractFile(Buffer.from(''), 'x.csv', vehicles, TODAY)).errors[0].code).toBe('FILE_EMPTY');
  });

  it('reads the first sheet of an xlsx the same way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('机动车');
    ws.addRow(['身份证号', '姓名', '类别', '编号', '金额（元）']);
    ws.addRow([A, '张三', '机动车', '晋C00001', '52000']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await parseExtractFile(buf, 'vehicles.xlsx', vehicles, TODAY);
    expect(r.errors).toEqual([]);
    expect(r.rows).toMatchObject([{ idNumber: A, kind: 'vehicle', reference: '晋C00001', amountFen: 5200000 }]);
  });
});

describe('the shipped sample files', () => {
  const sample = (name: string) => import('node:fs/promises').then((fs) => fs.readFile(new URL(`../../../data/verification/${name}`, import.meta.url)));
  it('load as documented, and the malformed one is refused row by row', async () => {
    expect((await parseExtractFile(await sample('vehicles-sample.csv'), 'vehicles-sample.csv', vehicles, TODAY)).rows).toHaveLength(2);
    expect((await parseExtractFile(await sample('social-insurance-sample.csv'), 'x.csv', sourceSpec('social_insurance')!, TODAY)).rows.map((r) => r.kind)).toEqual(['income', 'unemployment', 'pension']);
    const bad = await parseExtractFile(await sample('vehicles-malformed-sample.csv'), 'x.csv', vehicles, TODAY);
    expect(bad.rows).toEqual([]);
    expect(bad.errors.map((e) => e.field)).toEqual(['rows.3.身份证号', 'rows.3.金额（元）', 'rows.3.日期', 'rows.4.类别']);
  });
});
