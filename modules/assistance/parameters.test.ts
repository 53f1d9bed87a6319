import { describe, expect, it } from 'vitest';
import { ASSISTANCE_PARAMETER_KEYS } from './parameters';
import { yamlParams, yamlTable } from './parameters.fixture';

describe('assistance parameters from the shipped YAML', () => {
  it('resolves every key the rules read, for Yangquan in 2022', () => {
    const p = yamlParams('2022-06');
    expect(ASSISTANCE_PARAMETER_KEYS.filter((k) => p.values[k] === undefined)).toEqual([]);
  });

  it('ships 2016 and 2020 Yangquan standards as facts and later years as samples', () => {
    const at = (date: string, key: string) => yamlTable(date).get(key, '140321100201').row;
    expect(at('2016-06-01', 'dibao.standard.urban')).toMatchObject({ value: 45200, isSample: false });
    expect(at('2016-06-01', 'dibao.standard.rural')).toMatchObject({ value: 26800, isSample: false });
    expect(at('2020-06-01', 'dibao.standard.urban')).toMatchObject({ value: 58700, isSample: false });
    expect(at('2020-06-01', 'dibao.standard.rural')).toMatchObject({ value: 41800, isSample: false });
    expect(at('2021-06-01', 'dibao.standard.urban').isSample).toBe(true);
    expect(at('2020-06-01', 'minimumWage.monthly').isSample).toBe(true);
  });

  it('refuses an override of an unknown key or a malformed value', () => {
    expect(() => yamlParams('2020-06', '1403', { 'dibao.standard.moon': 1 })).toThrow(expect.objectContaining({ code: 'ASSISTANCE_PARAMETER_INVALID' }));
    expect(() => yamlParams('2020-06', '1403', { 'dibao.floor.shareOfStandard': 0.2 })).toThrow(expect.objectContaining({ code: 'ASSISTANCE_PARAMETER_INVALID' }));
    expect(() => yamlParams('2020-06', '1403', { 'dibao.standard.rural': 418.5 })).toThrow(expect.objectContaining({ code: 'ASSISTANCE_PARAMETER_INVALID' }));
  });

  it('marks an override in the sources', () => {
    const p = yamlParams('2020-06', '1403', { 'dibao.standard.rural': 45000 });
    expect(p.sources['dibao.standard.rural']).toMatchObject({ overridden: true, value: 45000 });
  });
});
