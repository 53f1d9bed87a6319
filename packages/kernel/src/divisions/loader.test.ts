import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { divisionRows, type DivisionsFile } from './loader';

const yangquan = fileURLToPath(new URL('../../../../data/divisions/1403.json', import.meta.url));

describe('divisionRows', () => {
  it('flattens Yangquan into province, city, 5 counties, 43 townships and 777 village-level units', async () => {
    const file = (await import(yangquan, { with: { type: 'json' } })).default as DivisionsFile;
    const rows = divisionRows(file);
    const byLevel = (l: number) => rows.filter((r) => r.level === l);
    expect(rows).toHaveLength(1 + 1 + 5 + 43 + 777);
    expect(byLevel(1)).toEqual([expect.objectContaining({ code: '14', parentCode: null })]);
    expect(byLevel(2)).toEqual([expect.objectContaining({ code: '1403', parentCode: '14' })]);
    expect(byLevel(5).filter((r) => r.kind === 'community')).toHaveLength(157);
    expect(byLevel(5).filter((r) => r.kind === 'village')).toHaveLength(620);
  });

  it('marks streets and communities urban, towns and villages rural', async () => {
    const file = (await import(yangquan, { with: { type: 'json' } })).default as DivisionsFile;
    const rows = new Map(divisionRows(file).map((r) => [r.code, r]));
    expect(rows.get('140302001')).toMatchObject({ name: '上站街道', urbanRural: 'urban' });
    expect(rows.get('140302100')).toMatchObject({ name: '义井镇', urbanRural: 'rural' });
    expect(rows.get('140302001001')).toMatchObject({ kind: 'community', urbanRural: 'urban' });
    expect(rows.get('140322205210')).toMatchObject({ name: '岑峰村委会', kind: 'village', urbanRural: 'rural' });
    expect(rows.get('140321')?.urbanRural).toBeNull();
  });

  it('refuses a unit whose parent is missing', () => {
    const file: DivisionsFile = {
      province: { code: '14', name: '山西省' },
      city: { code: '1403', name: '阳泉市' },
      counties: [],
      townships: [{ code: '140321100', name: '冠山镇', county: '140321' }],
      villages: [],
    };
    expect(() => divisionRows(file)).toThrow(/parent 140321/);
  });
});
