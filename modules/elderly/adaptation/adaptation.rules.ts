// 特殊困难老年人家庭适老化改造 (民发〔2020〕86号): who qualifies and the 7 basic subsidised items. Pure.

/** The 7 basic items of the national list (7 categories, 30 items; these are the subsidised basics). */
export const BASIC_ITEMS = {
  antiSlipFloor: '地面防滑处理',
  ramp: '无障碍坡道（轮椅坡道）',
  bedRail: '床边护栏（抓杆）',
  walkingStick: '手杖',
  showerChair: '淋浴椅（洗澡椅）',
  grabBars: '如厕、洗浴扶手',
  antiWandering: '防走失装置',
} as const;
export type BasicItem = keyof typeof BASIC_ITEMS;
export const BASIC_ITEM_KEYS = Object.keys(BASIC_ITEMS) as BasicItem[];

export const STATUSES = { applied: '已申请', in_progress: '施工中', accepted: '已验收', rejected: '不予改造' } as const;
export type AdaptationStatus = keyof typeof STATUSES;

/** The household is in economic difficulty … */
export const ECONOMIC_GROUNDS = { dibao: '低保', tekun: '特困供养', low_income: '低保边缘' } as const;
/** … and the older member is of advanced age, disabled, or has lost capability. */
export const SPECIAL_GROUNDS = { advanced_age: '高龄（80 周岁以上）', disabled: '残疾', incapacitated: '失能（能力评估轻度失能及以上）' } as const;
export type Ground = keyof typeof ECONOMIC_GROUNDS | keyof typeof SPECIAL_GROUNDS;
export const GROUND_LABELS: Record<Ground, string> = { ...ECONOMIC_GROUNDS, ...SPECIAL_GROUNDS };

export const ADVANCED_AGE = 80;

export interface AdaptationFacts {
  age: number;
  dibao: boolean;
  tekun: boolean;
  lowIncome: boolean;
  /** a disability grade on the registry */
  disabled: boolean;
  /** the latest valid capability level, or null */
  level: number | null;
}

export interface Eligibility { eligible: boolean; grounds: Ground[]; reason: string }

/**
 * 专栏1.1 and 民发〔2020〕86号: homes of older people in economic difficulty (dibao, tekun, low-income)
 * who are of advanced age, disabled or have lost capability. Both halves must hold.
 */
export function adaptationEligibility(f: AdaptationFacts): Eligibility {
  const economic: Ground[] = [];
  if (f.tekun) economic.push('tekun');
  if (f.dibao) economic.push('dibao');
  if (f.lowIncome) economic.push('low_income');
  const special: Ground[] = [];
  if (f.age >= ADVANCED_AGE) special.push('advanced_age');
  if (f.disabled) special.push('disabled');
  if (f.level != null && f.level >= 1) special.push('incapacitated');
  const grounds = [...economic, ...special];
  const names = (g: Ground[]) => g.map((x) => GROUND_LABELS[x]).join('、');
  if (f.age < 60) return { eligible: false, grounds, reason: `${f.age} 周岁，未满 60 周岁` };
  if (!economic.length) return { eligible: false, grounds, reason: '家庭不属于低保、特困供养或低保边缘家庭' };
  if (!special.length) return { eligible: false, grounds, reason: `${names(economic)}家庭，但老人不属于高龄（${ADVANCED_AGE} 周岁以上）、失能或残疾老年人` };
  return { eligible: true, grounds, reason: `${names(economic)}家庭，${names(special)}老年人，符合特殊困难老年人家庭适老化改造条件` };
}
