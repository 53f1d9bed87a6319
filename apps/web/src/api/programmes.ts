// Tekun and temporary-assistance intake and case records (the server's applications.schemas.ts and
// the tekun / temporary procedures), with the Chinese the console shows.
import type { Application, ApplicationIntake, CalcResult } from './types';

export type SupportMode = 'home_based' | 'institutional';
export type CareGrade = 'self_caring' | 'partly_dependent' | 'fully_dependent';
export type CareAbility = 'eating' | 'dressing' | 'transferring' | 'toileting' | 'walking' | 'bathing';

export interface TekunDetails {
  mode: SupportMode;
  disabilityKind?: string;
  disabilityGrade?: number;
  schooling?: string;
  supporters: { name: string; relation: string; status: string }[];
  orphan: boolean;
  careAssessment?: Record<CareAbility, boolean>;
  /** set by the investigation */
  careGrade?: CareGrade;
  careGradeText?: string;
  institution?: string | null;
}

export interface TemporaryGrant { kind: 'advance' | 'decision'; level: 'township' | 'county'; months: number; amountFen: number; month: string; entitlementId: number | null; by: string; at: string }
export interface TemporaryDetails {
  kind: 'emergency' | 'expenditure';
  cause: string;
  description: string;
  months: number;
  expenseFen?: number;
  grants?: TemporaryGrant[];
}

export type ProgrammeApplication = Application & {
  details: TekunDetails | TemporaryDetails | null;
  /** the calculation on the facts so far, while no decision is made */
  estimate: (CalcResult & { month?: string }) | null;
};

export type ProgrammeIntake = ApplicationIntake & { tekun?: Omit<TekunDetails, 'careGrade' | 'careGradeText' | 'institution'>; temporary?: Omit<TemporaryDetails, 'grants'> };

export const SUPPORT_MODES = [{ value: 'home_based', label: '分散供养' }, { value: 'institutional', label: '集中供养' }];
export const CARE_GRADES: Record<CareGrade, string> = { self_caring: '具备生活自理能力', partly_dependent: '部分丧失生活自理能力', fully_dependent: '完全丧失生活自理能力' };
export const CARE_ABILITIES: Record<CareAbility, string> = {
  eating: '自主吃饭', dressing: '自主穿衣', transferring: '自主上下床', toileting: '自主如厕', walking: '室内自主行走', bathing: '自主洗澡',
};
export const TEMPORARY_KINDS = [{ value: 'emergency', label: '急难型（可先行救助）' }, { value: 'expenditure', label: '支出型' }];
export const TEMPORARY_CAUSES = [
  { value: 'fire', label: '火灾' }, { value: 'accident', label: '交通事故等意外' }, { value: 'sudden_illness', label: '突发重大疾病' },
  { value: 'disaster', label: '自然灾害' }, { value: 'medical', label: '医疗支出' }, { value: 'education', label: '教育支出' }, { value: 'other', label: '其他' },
];

/** Every document code the window knows, with its usual title. */
export const DOCUMENT_TITLES: Record<string, string> = {
  application_form: '申请书（申请人签字）',
  household_register: '户口簿',
  id_cards: '身份证',
  income_statement: '收入及财产申报表',
  supporter_statement: '法定义务人情况及履行能力说明',
  hardship_proof: '困难情况证明（事故证明、医疗或教育支出票据）',
  disability_certificate: '残疾人证',
  medical_records: '重特大疾病诊断证明',
  student_certificate: '在校证明',
  other: '其他证明材料',
};

/** Each programme's required documents (the server checks the same list and names what is missing). */
export const REQUIRED_DOCUMENTS: Record<string, string[]> = {
  dibao: ['application_form', 'household_register', 'id_cards', 'income_statement'],
  tekun: ['application_form', 'household_register', 'id_cards', 'income_statement', 'supporter_statement'],
  temporary: ['application_form', 'id_cards', 'hardship_proof'],
};

export const isTekun = (a: ProgrammeApplication): a is ProgrammeApplication & { details: TekunDetails } => a.programme === 'tekun' && !!a.details;
export const isTemporary = (a: ProgrammeApplication): a is ProgrammeApplication & { details: TemporaryDetails } => a.programme === 'temporary' && !!a.details;
