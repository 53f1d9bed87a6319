import { describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '#kernel';
import type { RuleContext } from '../person.rules';
import { checkAcrossRows, checkRow, isComplete, rowMessage } from './roster.rules';
import type { RawRow } from './roster.reader';

const ctx: RuleContext = {
  today: '2026-01-15',
  isVillage: (c) => /^1403\d{8}$/.test(c),
  inScope: (c) => c.startsWith('140321100'),
};
const id = (body17: string) => body17 + idNumberCheckDigit(body17);
const HEAD = id('14032119700203001');
const WIFE = id('14032119720609002');
let n = 3;
const row = (cells: RawRow['cells']): RawRow => ({
  rowNumber: ++n,
  cells: { householdRef: '1', relation: '户主', name: '王德明', idNumber: HEAD, divisionCode: '140321100201', urbanRural: '农村', ...cells },
});
const messages = (r: ReturnType<typeof checkRow>) => r.errors.map((e) => rowMessage(r.rowNumber, e));

describe('checkRow', () => {
  it('maps the drop-down names back to codes', () => {
    const r = checkRow(row({
      ethnicity: '回族', urbanRural: '城镇', labourCapacity: '无劳动能力', healthConditions: '高血压、尿毒症',
      disabilityCategory: '肢体残疾', disabilityGrade: '二级', disabilityCertNo: HEAD + '42',
    }), ctx);
    expect(r.errors).toEqual([]);
    expect(r.relation).toBe('02');
    expect(r.facts).toMatchObject({
      ethnicity: '03', urbanRural: 'urban', labourCapacity: 'none', healthConditions: ['hypertension', 'uremia'],
      disabilityCategory: 'physical', disabilityGrade: 2, gender: 'M', birthDate: '1970-02-03',
    });
  });

  it('accepts an ethnicity without 族 and a grade written 3级', () => {
    const r = checkRow(row({ ethnicity: '蒙古', disabilityCategory: '视力残疾', disabilityGrade: '3级', disabilityCertNo: HEAD + '13' }), ctx);
    expect(r.errors).toEqual([]);
    expect(r.facts).toMatchObject({ ethnicity: '02', disabilityGrade: 3 });
  });

  it.each([
    [{ relation: '表舅' }, '【与户主关系】“表舅”不是有效的与户主关系'],
    [{ relation: undefined }, '【与户主关系】与户主关系不能为空'],
    [{ householdRef: undefined }, '【户编号(同户填同一编号)】户编号不能为空'],
    [{ ethnicity: '火星族' }, '【民族】“火星族”不是有效的民族'],
    [{ urbanRural: '郊区' }, '【城乡】“郊区”不是有效的城乡类别'],
    [{ healthConditions: '感冒' }, '【健康状况(多项用、分隔)】健康状况“感冒”不在可选范围内'],
    [{ phone: '12345' }, '【手机号码】手机号应为11位数字'],
    [{ bankAccount: '1234' }, '【银行账号】银行账号应为12至19位数字'],
    [{ bankAccount: '6.217E+18' }, '【银行账号】银行账号被Excel转成了科学计数法'],
    [{ idNumber: '1.40321197002032E+17' }, '【公民身份号码】公民身份号码被Excel转成了科学计数法'],
    [{ divisionCode: '140321101001' }, '【户籍地区划代码(12位)】户籍地不在您的管辖范围内'],
    [{ divisionCode: '999' }, '【户籍地区划代码(12位)】户籍地须为有效的村（社区）'],
    [{ disabilityGrade: '二级' }, '【残疾类别】残疾类别不正确'],
    [{ disabilityCategory: '肢体残疾', disabilityGrade: '二级' }, '【残疾证号】有残疾信息时须填写残疾证号'],
  ])('reports %o in its column', (cells, expected) => {
    const r = checkRow(row(cells as RawRow['cells']), ctx);
    expect(r.facts === null || r.errors.length > 0).toBe(true);
    expect(messages(r).join('\n')).toContain(`第${r.rowNumber}行${expected}`);
  });
});

describe('checkAcrossRows', () => {
  it('needs exactly one head and one registration division per household, and unique ID numbers', () => {
    const rows = [
      checkRow(row({ householdRef: 'A' }), ctx),
      checkRow(row({ householdRef: 'A', relation: '妻', name: '李秀英', idNumber: WIFE, divisionCode: '140321100202' }), ctx),
      checkRow(row({ householdRef: 'B', relation: '长子', name: '王小明', idNumber: id('14032120050101003') }), ctx),
      checkRow(row({ householdRef: 'C', idNumber: HEAD, name: '陈立' }), ctx),
      checkRow(row({ householdRef: 'C', idNumber: id('14032119600101005'), name: '陈二' }), ctx),
    ];
    const households = checkAcrossRows(rows, new Map([[id('14032119600101005'), '该身份证号已在系统中登记，请联系上级民政部门核实']]));
    expect(households.map((h) => [h.ref, h.rows.length, isComplete(h)])).toEqual([['A', 2, false], ['B', 1, false], ['C', 2, false]]);
    const all = rows.flatMap(messages).join('\n');
    expect(all).toContain(`第${rows[1].rowNumber}行【户籍地区划代码(12位)】同户成员户籍地须一致`);
    expect(all).toContain(`第${rows[2].rowNumber}行【与户主关系】户编号“B”没有户主`);
    expect(all).toContain(`第${rows[3].rowNumber}行【公民身份号码】与第${rows[0].rowNumber}行的公民身份号码重复`);
    expect(all).toContain(`第${rows[4].rowNumber}行【与户主关系】户编号“C”有多位户主`);
    expect(all).toContain(`第${rows[4].rowNumber}行【公民身份号码】该身份证号已在系统中登记`);
    expect(rows[0].errors).toEqual([]);
  });
});
