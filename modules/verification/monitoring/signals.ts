// 监测信号: what one indicator says about a household. Rules weigh several signals into a risk score,
// so a single weak indicator does not flood the township with alerts.
export const SIGNALS = {
  medical_expense: { label: '大额医疗自付费用', help: '近 12 个月医疗自付费用不低于家庭年收入的一定比例且不低于最低金额' },
  severe_disability: { label: '新认定重度残疾', help: '近 90 天在人员库登记或变更为一、二级残疾（以人员库记录的认定日期为准）' },
  earner_death: { label: '主要劳动力死亡', help: '近 90 天 18–59 岁家庭成员死亡，且家中尚有他人' },
  unemployment: { label: '失业', help: '近 90 天登记失业' },
  elderly_alone: { label: '高龄独居或失能独居', help: '独居且年满 80 岁，或年满 70 岁且一、二级残疾' },
  child_unsupported: { label: '父母均无力抚养的儿童', help: '未成年人的父母均已死亡或重度残疾' },
  near_dibao_below_standard: { label: '低保边缘家庭收入降至低保标准以下', help: '认定有效的低保边缘家庭，部门数据核实的月人均收入已低于低保标准' },
} as const;
export type SignalCode = keyof typeof SIGNALS;

/** One signal in a rule: its weight, and the thresholds that signal reads (ratio as text, yuan as text). */
export interface RuleSignal { signal: SignalCode; weight: number; ratio?: string; minYuan?: string; age?: number }

/** version: of the shipped rule; raise it when the shipped rule changes (see ensureRules). */
export interface RuleSpec { code: string; name: string; signals: RuleSignal[]; minScore: number; recipientLevel: 'village' | 'township'; version: number }

/** The rules shipped: one composite risk score, and the child rule that fires on its own. */
export const DEFAULT_RULES: RuleSpec[] = [
  {
    code: 'household_risk', name: '困难家庭综合风险', minScore: 60, recipientLevel: 'village', version: 1,
    signals: [
      { signal: 'medical_expense', weight: 40, ratio: '0.5', minYuan: '10000' },
      { signal: 'unemployment', weight: 30 },
      { signal: 'severe_disability', weight: 30 },
      { signal: 'earner_death', weight: 50 },
      { signal: 'elderly_alone', weight: 40, age: 80 },
      { signal: 'near_dibao_below_standard', weight: 60 },
    ],
  },
  { code: 'child_unsupported', name: '事实无人抚养儿童线索', minScore: 100, recipientLevel: 'township', version: 1, signals: [{ signal: 'child_unsupported', weight: 100 }] },
];

export const OUTCOMES = { applied: '已引导申请救助', not_eligible: '经核实不符合条件', already_helped: '已在保或已获帮扶', unreachable: '无法联系' } as const;
export type Outcome = keyof typeof OUTCOMES;
