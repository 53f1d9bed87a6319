/** Code tables of the assistance calculator (the server's calculator.schemas.ts), in Chinese. */

export const PROGRAMMES = [
  { value: 'dibao', label: '最低生活保障（低保）' },
  { value: 'tekun', label: '特困人员救助供养' },
  { value: 'temporary', label: '临时救助' },
];

export const PROGRAMME_NAMES: Record<string, string> = { dibao: '低保', tekun: '特困供养', temporary: '临时救助' };

export const CATEGORY: Record<string, { label: string; color: string }> = {
  dibao: { label: '低保', color: 'green' },
  near_dibao: { label: '低保边缘', color: 'gold' },
  tekun: { label: '特困', color: 'purple' },
  temporary: { label: '临时救助', color: 'cyan' },
  none: { label: '不符合', color: 'default' },
};

export const INCOME_KINDS: { value: string; label: string; usuallyExcluded?: boolean }[] = [
  { value: 'wage', label: '工资性收入' },
  { value: 'business', label: '家庭经营净收入' },
  { value: 'property', label: '财产净收入' },
  { value: 'transfer', label: '转移净收入（赡养费、赠与等）' },
  { value: 'social_insurance_benefit', label: '社会保险待遇（如职工基本养老金）' },
  { value: 'basic_residents_pension', label: '城乡居民基本养老保险基础养老金', usuallyExcluded: true },
  { value: 'longevity_allowance', label: '高龄津贴', usuallyExcluded: true },
  { value: 'scholarship', label: '奖学金', usuallyExcluded: true },
  { value: 'special_care_pension', label: '优待抚恤金', usuallyExcluded: true },
  { value: 'family_planning_reward', label: '计划生育奖励与扶助金', usuallyExcluded: true },
  { value: 'bravery_award', label: '见义勇为等奖励性补助', usuallyExcluded: true },
  { value: 'assistance', label: '社会救助款物', usuallyExcluded: true },
];

export const DISABILITY_KINDS = [
  { value: 'visual', label: '视力残疾' },
  { value: 'hearing', label: '听力残疾' },
  { value: 'speech', label: '言语残疾' },
  { value: 'physical', label: '肢体残疾' },
  { value: 'intellectual', label: '智力残疾' },
  { value: 'psychiatric', label: '精神残疾' },
  { value: 'multiple', label: '多重残疾' },
];

export const SCHOOLING = [
  { value: 'none', label: '不在学' },
  { value: 'preschool', label: '学前' },
  { value: 'primary', label: '小学' },
  { value: 'junior_secondary', label: '初中' },
  { value: 'senior_secondary', label: '高中' },
  { value: 'vocational', label: '中职' },
  { value: 'higher', label: '高等教育' },
];

export const WORK_CAPACITY = [
  { value: 'full', label: '完全劳动能力' },
  { value: 'partial', label: '部分劳动能力' },
  { value: 'none', label: '无劳动能力' },
];

export const SUPPORTER_STATUS = [
  { value: 'able', label: '有赡养能力' },
  { value: 'tekun', label: '特困人员' },
  { value: 'dibao_aged_60', label: '60 周岁以上低保对象' },
  { value: 'aged_70_low_income', label: '70 周岁以上且收入低' },
  { value: 'severely_disabled_low_income', label: '重度残疾且收入低' },
  { value: 'incapacitated', label: '无民事行为能力' },
  { value: 'missing', label: '失踪' },
  { value: 'in_prison', label: '服刑' },
];
