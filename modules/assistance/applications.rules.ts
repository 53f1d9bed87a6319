// Pure intake policy: what makes an application complete, and what the calculator is given.
import type { FieldError } from '#kernel';
import type { CalculationInput, IncomeKind } from './calculator.schemas';
import { REQUIRED_DOCUMENTS_BY_PROGRAMME, type ParsedApplication, type Programme, type TekunDetails, type TemporaryDetails } from './applications.schemas';
import { careGradeOf, type CareGrade } from './tekun/tekun-procedure.rules';

export interface HouseholdMember {
  personId: number;
  name: string;
  idNumberMasked: string;
  age: number;
  status: string;
}

export interface StoredMember extends Omit<HouseholdMember, 'status'> {
  included: boolean;
  reason?: string | null;
}

export interface IncomeLine { personId: number; kind: IncomeKind; monthlyFen: number }
export interface AssetFacts { financialFen: number; vehicles: number; extraHousing: number }

// 民发〔2021〕57号: consent to verification from every adult verified (a guardian signs for minors).
const ADULT_AGE = 18;

/**
 * Every reason the window must refuse the application, all at once (申请材料一次性告知).
 * An empty list means the application is complete.
 */
export function intakeProblems(input: ParsedApplication, household: HouseholdMember[]): FieldError[] {
  const errors: FieldError[] = [];
  const living = household.filter((m) => m.status === 'living');
  const byId = new Map(living.map((m) => [m.personId, m]));
  const listed = new Map(input.members.map((m) => [m.personId, m]));

  if (input.programme === 'tekun' && !input.tekun) {
    errors.push({ field: 'tekun', code: 'TEKUN_DETAILS_REQUIRED', message: '特困人员申请须填写供养方式和法定义务人情况' });
  }
  if (input.programme === 'temporary' && !input.temporary) {
    errors.push({ field: 'temporary', code: 'TEMPORARY_DETAILS_REQUIRED', message: '临时救助申请须填写救助类型、困难原因和申请月数' });
  }
  input.members.forEach((m, i) => {
    if (!byId.has(m.personId)) errors.push({ field: `members.${i}.personId`, code: 'MEMBER_UNKNOWN', message: '该人员不是本户现有成员' });
    if (!m.included && !m.reason?.trim()) errors.push({ field: `members.${i}.reason`, code: 'EXCLUSION_REASON_REQUIRED', message: '不计入家庭成员须说明原因' });
  });
  for (const m of living) {
    if (!listed.has(m.personId)) errors.push({ field: 'members', code: 'MEMBER_UNLISTED', message: `请说明 ${m.name} 是否计入共同生活家庭成员` });
  }
  const applicant = listed.get(input.applicantPersonId);
  if (!byId.has(input.applicantPersonId) || !applicant?.included) {
    errors.push({ field: 'applicantPersonId', code: 'APPLICANT_NOT_MEMBER', message: '申请人须为本户计入的家庭成员' });
  }
  input.incomes.forEach((x, i) => {
    if (!listed.get(x.personId)?.included) errors.push({ field: `incomes.${i}.personId`, code: 'INCOME_MEMBER_UNKNOWN', message: '收入须属于计入的家庭成员' });
  });

  const consented = new Set(input.consents.map((c) => c.personId));
  for (const m of living) {
    if (needsConsent(input.programme, input.applicantPersonId, m, !!listed.get(m.personId)?.included) && !consented.has(m.personId)) {
      errors.push({ field: `consents.${m.personId}`, code: 'CONSENT_MISSING', message: `缺少 ${m.name} 的家庭经济状况核对授权书（签字上传或电子确认）` });
    }
  }
  const provided = new Set(input.documents.map((d) => d.code));
  for (const [code, title] of Object.entries(REQUIRED_DOCUMENTS_BY_PROGRAMME[input.programme])) {
    if (!provided.has(code as never)) errors.push({ field: `documents.${code}`, code: 'DOCUMENT_MISSING', message: `缺少申请材料：${title}` });
  }
  return errors;
}

/**
 * Whose consent to verification the window needs: for dibao and temporary assistance every counted
 * adult; for tekun the applicant alone, whose own finances are verified (a guardian signs for a minor).
 */
export function needsConsent(programme: Programme, applicantPersonId: number, m: Pick<HouseholdMember, 'personId' | 'age'>, included: boolean): boolean {
  if (programme === 'tekun') return m.personId === applicantPersonId;
  return included && m.age >= ADULT_AGE;
}

/** The members as stored on the application: the registry's facts at intake plus the caseworker's inclusion. */
export function storedMembers(input: ParsedApplication, household: HouseholdMember[]): StoredMember[] {
  const byId = new Map(household.map((m) => [m.personId, m]));
  return input.members.map((m) => {
    const h = byId.get(m.personId)!;
    return { personId: m.personId, name: h.name, idNumberMasked: h.idNumberMasked, age: h.age, included: m.included, reason: m.reason ?? null };
  });
}

export interface CalculationFacts {
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  members: StoredMember[];
  incomes: IncomeLine[];
  assets: AssetFacts;
  verification?: { incomes?: IncomeLine[]; totals: { financialAssetsFen: number; vehicles?: number; extraHousing?: number } } | null;
}

/**
 * The calculator's input for `month`: counted members (less anyone in `without`, e.g. a member who
 * died), verified incomes where the verification gave them, otherwise the declared ones.
 */
export function calculationInputOf(f: CalculationFacts, month: string, without: ReadonlySet<number> = new Set()): CalculationInput {
  const counted = f.members.filter((m) => m.included && !without.has(m.personId));
  const index = new Map(counted.map((m, i) => [m.personId, i]));
  const incomes = (f.verification?.incomes ?? f.incomes)
    .filter((x) => index.has(x.personId))
    .map((x) => ({ member: index.get(x.personId)!, kind: x.kind, monthlyFen: x.monthlyFen }));
  const t = f.verification?.totals;
  const assets = t ? { financialFen: t.financialAssetsFen, vehicles: t.vehicles ?? 0, extraHousing: t.extraHousing ?? 0 } : f.assets;
  return {
    programme: 'dibao', divisionCode: f.divisionCode, urbanRural: f.urbanRural, month,
    members: counted.map((m) => ({ age: m.age })), incomes, assets,
  };
}

export function countedMembers(f: Pick<CalculationFacts, 'members'>, without: ReadonlySet<number> = new Set()): StoredMember[] {
  return f.members.filter((m) => m.included && !without.has(m.personId));
}

/** The programme's own facts as an application keeps them, with what the procedure added. */
export type StoredDetails =
  | (TekunDetails & { careGrade?: CareGrade })
  | (TemporaryDetails & { grants?: unknown[] });

/**
 * The calculator's input for an application of any programme in `month`. Dibao: the household.
 * Tekun: the applicant alone, with their disability, schooling, supporters, mode and care grade (the
 * grade the investigation determined, else the one the declared assessment gives). Temporary: the
 * counted household, the months asked for and the level that approves them.
 */
export function applicationInputOf(
  f: CalculationFacts & { programme: Programme; applicantPersonId: number; details: StoredDetails | null },
  month: string, opts: { without?: ReadonlySet<number>; approvingLevel?: 'township' | 'county'; months?: number } = {},
): CalculationInput {
  const base = calculationInputOf(f, month, opts.without);
  if (f.programme === 'dibao') return base;
  if (f.programme === 'tekun') {
    const d = (f.details ?? {}) as Partial<TekunDetails> & { careGrade?: CareGrade };
    const applicant = f.members.find((m) => m.personId === f.applicantPersonId);
    const incomes = (f.verification?.incomes ?? f.incomes)
      .filter((x) => x.personId === f.applicantPersonId).map((x) => ({ member: 0, kind: x.kind, monthlyFen: x.monthlyFen }));
    const careGrade = d.careGrade ?? (d.careAssessment ? careGradeOf(d.careAssessment).grade : 'self_caring');
    return {
      ...base, programme: 'tekun', incomes, deductions: [],
      members: [{
        age: applicant?.age ?? 0,
        ...(d.disabilityKind && d.disabilityGrade ? { disabilityKind: d.disabilityKind, disabilityGrade: d.disabilityGrade } : {}),
        ...(d.schooling ? { schooling: d.schooling } : {}),
      }],
      tekun: {
        applicant: 0, mode: d.mode ?? 'home_based', careGrade,
        supporters: (d.supporters ?? []).map((s) => ({ status: s.status })), orphan: d.orphan ?? false,
      },
    };
  }
  const d = (f.details ?? {}) as Partial<TemporaryDetails>;
  return {
    ...base, programme: 'temporary',
    temporary: { kind: d.kind ?? 'expenditure', months: opts.months ?? d.months ?? 1, approvingLevel: opts.approvingLevel ?? 'county' },
  };
}
