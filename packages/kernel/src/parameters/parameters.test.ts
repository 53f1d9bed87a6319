import { describe, expect, it } from 'vitest';
import { canonicalJson, ParameterTable, type ParameterRow } from './parameters.service';

let id = 0;
const row = (key: string, divisionCode: string, value: unknown): ParameterRow => ({
  id: ++id, key, divisionCode, value, effectiveFrom: '2020-01-01', effectiveTo: null,
  note: null, isSample: false, source: null, createdBy: null, createdAt: new Date(0),
});

describe('ParameterTable', () => {
  const table = new ParameterTable('2020-06-01', [
    row('dibao.standard.urban', '', 50000),
    row('dibao.standard.urban', '1403', 58700),
    row('dibao.standard.urban', '140321', 59000),
    row('dibao.standard.rural', '14', 40000),
  ]);

  it('resolves the most specific division prefix', () => {
    expect(table.find('dibao.standard.urban', '140321100201')?.value).toBe(59000);
    expect(table.find('dibao.standard.urban', '140302001')?.value).toBe(58700);
    expect(table.find('dibao.standard.urban', '1403')?.value).toBe(58700);
    expect(table.find('dibao.standard.urban', '1401')?.value).toBe(50000);
    expect(table.find('dibao.standard.urban')?.row.divisionCode).toBe('');
    expect(table.find('dibao.standard.rural', '140321')?.value).toBe(40000);
  });

  it('answers null, or a coded error from get, when nothing applies', () => {
    expect(table.find('dibao.standard.rural', '1101')).toBeNull();
    expect(table.find('dibao.standard.rural')).toBeNull();
    expect(table.find('tekun.basicStandard.urban', '1403')).toBeNull();
    expect(() => table.get('dibao.standard.rural', '1101')).toThrow(expect.objectContaining({ code: 'PARAMETER_NOT_SET' }));
  });
});

describe('canonicalJson', () => {
  it('ignores object key order, as jsonb does', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { x: 0, y: 1 }] }, b: 1 }),
    );
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
