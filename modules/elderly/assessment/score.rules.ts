// Scoring to GB/T 42195-2022: domain subtotals, total, the initial level from the total, then the
// adjustments. Pure: no I/O.
import { DOMAINS, ITEMS, ITEM_BY_KEY, LEVELS, RISK_EVENTS, type DomainKey, type Level, type RiskEventKind } from './items';

export interface ScoreInput {
  answers: Record<string, number>;
  dementia: boolean;
  psychiatricDiagnosis: boolean;
  riskEvents30d: Record<RiskEventKind, number>;
  coma: boolean;
}

export interface Adjustment {
  rule: 'raiseOneLevel' | 'coma';
  /** what triggered it: 'dementia', 'psychiatricDiagnosis', 'riskEvents' or 'coma' */
  grounds: string[];
  from: Level;
  to: Level;
  text: string;
}

export interface ScoreResult {
  subtotals: Record<DomainKey, number>;
  total: number;
  initialLevel: Level;
  level: Level;
  levelLabel: string;
  adjustments: Adjustment[];
}

export interface ScoreOptions {
  /** the level coma leads to: 4 (完全失能, default) or 3 where the local reading says 重度失能 */
  comaLevel?: 3 | 4;
}

export interface ItemProblem {
  field: string;
  code: 'ITEM_MISSING' | 'ITEM_OUT_OF_RANGE' | 'ITEM_UNKNOWN';
  message: string;
}

/** Every problem with the answers at once: a missing item, an unknown key, a score outside 0..max. */
export function checkAnswers(answers: Record<string, unknown>): ItemProblem[] {
  const problems: ItemProblem[] = [];
  for (const item of ITEMS) {
    const v = answers[item.key];
    const name = `第 ${item.no} 项「${item.label}」`;
    if (v === undefined || v === null) {
      problems.push({ field: `answers.${item.key}`, code: 'ITEM_MISSING', message: `${name}未评分` });
    } else if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > item.max) {
      problems.push({ field: `answers.${item.key}`, code: 'ITEM_OUT_OF_RANGE', message: `${name}的得分应为 0 至 ${item.max} 的整数，收到 ${JSON.stringify(v)}` });
    }
  }
  for (const key of Object.keys(answers)) {
    if (!ITEM_BY_KEY.has(key)) problems.push({ field: `answers.${key}`, code: 'ITEM_UNKNOWN', message: `没有名为“${key}”的评估项目` });
  }
  return problems;
}

/** 90 → 0; 66–89 → 1; 46–65 → 2; 30–45 → 3; 0–29 → 4 (GB/T 42195-2022 表 2). */
export function levelOfTotal(total: number): Level {
  if (total >= 90) return 0;
  if (total >= 66) return 1;
  if (total >= 46) return 2;
  if (total >= 30) return 3;
  return 4;
}

export function riskEventCount(events: Record<RiskEventKind, number>): number {
  return (Object.keys(RISK_EVENTS) as RiskEventKind[]).reduce((a, k) => a + (events[k] ?? 0), 0);
}

export function score(input: ScoreInput, opts: ScoreOptions = {}): ScoreResult {
  const problems = checkAnswers(input.answers);
  if (problems.length) throw new RangeError(problems.map((p) => p.message).join('；'));
  const subtotals = { selfCare: 0, motor: 0, mental: 0, perception: 0 } as Record<DomainKey, number>;
  for (const item of ITEMS) subtotals[item.domain] += input.answers[item.key];
  const total = subtotals.selfCare + subtotals.motor + subtotals.mental + subtotals.perception;
  const initialLevel = levelOfTotal(total);
  const adjustments: Adjustment[] = [];
  let level = initialLevel;

  // 5.3.3: any of these raises the level by one step, once however many apply, never past 完全失能.
  const grounds: string[] = [];
  if (input.dementia) grounds.push('dementia');
  if (input.psychiatricDiagnosis) grounds.push('psychiatricDiagnosis');
  const events = riskEventCount(input.riskEvents30d);
  if (events >= 2) grounds.push('riskEvents');
  if (grounds.length && level < 4) {
    const to = (level + 1) as Level;
    const why = grounds.map((g) => GROUND_TEXT[g](events)).join('、');
    adjustments.push({ rule: 'raiseOneLevel', grounds, from: level, to, text: `${why}：在初步等级基础上提高一个等级，${LEVELS[level]} → ${LEVELS[to]}` });
    level = to;
  }
  if (input.coma) {
    const to = Math.max(level, opts.comaLevel ?? 4) as Level;
    if (to !== level) {
      adjustments.push({ rule: 'coma', grounds: ['coma'], from: level, to, text: `处于昏迷状态：直接评定为${LEVELS[to]}` });
      level = to;
    }
  }
  return { subtotals, total, initialLevel, level, levelLabel: LEVELS[level], adjustments };
}

const GROUND_TEXT: Record<string, (events: number) => string> = {
  dementia: () => '确诊为认知障碍/痴呆（F00–F03）',
  psychiatricDiagnosis: () => '精神科专科医生诊断的其他精神和行为障碍（F04–F99）',
  riskEvents: (n) => `近30天内发生照护风险事件 ${n} 次（跌倒、噎食、自杀自伤、走失等合计）`,
};

export { DOMAINS };
