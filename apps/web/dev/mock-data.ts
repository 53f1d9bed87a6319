/**
 * Deterministic demo data for the console's contract mock (dev only; never shipped in the bundle).
 * Divisions come from the project's extracted NBS data when present, else a small built-in subset.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface MockDivision {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  kind: 'village' | 'community' | null;
}

interface Extract {
  counties: { code: string; name: string }[];
  townships: { code: string; name: string; county: string }[];
  villages: { code: string; name: string; township: string }[];
}

const FALLBACK: Extract = {
  counties: [
    { code: '140302', name: '城区' },
    { code: '140303', name: '矿区' },
    { code: '140311', name: '郊区' },
    { code: '140321', name: '平定县' },
    { code: '140322', name: '盂县' },
  ],
  townships: [
    { code: '140321100', name: '冠山镇', county: '140321' },
    { code: '140321101', name: '冶西镇', county: '140321' },
    { code: '140321102', name: '锁簧镇', county: '140321' },
    { code: '140302001', name: '上站街道', county: '140302' },
  ],
  villages: [
    { code: '140321100001', name: '西关社区居委会', township: '140321100' },
    { code: '140321100002', name: '东关社区居委会', township: '140321100' },
    { code: '140321100201', name: '宋家庄村委会', township: '140321100' },
    { code: '140321100202', name: '西关村委会', township: '140321100' },
    { code: '140321100203', name: '东关村委会', township: '140321100' },
    { code: '140321100204', name: '南关村委会', township: '140321100' },
    { code: '140321101201', name: '冶西村委会', township: '140321101' },
    { code: '140321102201', name: '锁簧村委会', township: '140321102' },
    { code: '140302001001', name: '油娄沟社区居委会', township: '140302001' },
  ],
};

function loadExtract(): Extract {
  const candidates = [
    process.env.MINZHENG_DIVISIONS_JSON,
    fileURLToPath(new URL('../../../data/divisions-1403.json', import.meta.url)),
  ].filter(Boolean) as string[];
  for (const p of candidates) {
    try {
      if (!existsSync(p)) continue;
      const d = JSON.parse(readFileSync(p, 'utf8')) as Partial<Extract>;
      if (d.counties && d.townships && d.villages) return d as Extract;
    } catch {
      /* try next */
    }
  }
  return FALLBACK;
}

export function buildDivisions(): Map<string, MockDivision> {
  const x = loadExtract();
  const m = new Map<string, MockDivision>();
  m.set('14', { code: '14', name: '山西省', level: 1, parentCode: null, kind: null });
  m.set('1403', { code: '1403', name: '阳泉市', level: 2, parentCode: '14', kind: null });
  for (const c of x.counties) m.set(c.code, { code: c.code, name: c.name, level: 3, parentCode: '1403', kind: null });
  for (const t of x.townships) m.set(t.code, { code: t.code, name: t.name, level: 4, parentCode: t.county, kind: null });
  for (const v of x.villages)
    m.set(v.code, {
      code: v.code,
      name: v.name,
      level: 5,
      parentCode: v.township,
      kind: /社区|居委会/.test(v.name) ? 'community' : 'village',
    });
  return m;
}

/** Small deterministic PRNG so every dev run shows the same people. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function withCheckDigit(id17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id17[i]) * WEIGHTS[i];
  return id17 + '10X98765432'[sum % 11];
}

export const SURNAMES = '王李张刘赵杨郭陈武韩白高梁石贾冯郝孟田任史程吕侯乔'.split('');
export const GIVEN_M = ['建国', '志刚', '永明', '海军', '国强', '文斌', '俊杰', '晓东', '鹏飞', '宏伟', '子豪', '浩然', '二虎', '福生', '保平'];
export const GIVEN_F = ['秀英', '桂兰', '玉梅', '丽娟', '晓燕', '慧敏', '雅琴', '欣怡', '梓涵', '春花', '翠萍', '美玲', '淑芬', '红霞', '婷婷'];
export const STREETS = ['府前街', '新华路', '东关街', '西关街', '南关路', '冠山路', '朝阳街', '桃河路'];
