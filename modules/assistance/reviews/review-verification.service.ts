// Verification (核对) of a periodic review: what the verification service needs to ask the departments
// about the household under review (members, consents on file, the incomes and assets to compare),
// consents collected at the review when the application's have expired, and the report received.
import { and, eq } from 'drizzle-orm';
import {
  DomainError, ageOn, findParameter, getFileInfo, notFound, recordAudit, scopeCondition,
  type Actor, type Executor, type FieldError, type IsoDate, type Tx,
} from '#kernel';
import { mustGetPerson } from '#registry';
import { applications, type ApplicationRow } from '../schema';
import type { AssetFacts, IncomeLine, StoredMember } from '../applications.rules';
import { consentsOnFile, consentValid, type ConsentOnFile, type StoredConsent } from './review-consent.rules';
import type { FoundIncome } from './review-report.rules';
import { reviews, type ReviewRow } from './reviews.schema';
import type { ReviewVisit } from './reviews.service';

const CONSENT_VALID_MONTHS = 'verification.consent.validMonths';
// 民发〔2021〕57号: every adult verified consents (a guardian signs for a minor)
const ADULT_AGE = 18;
const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export interface ReviewVerificationSubject {
  review: ReviewRow;
  householdId: number;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  applicantName: string;
  /** the members the household was enrolled with, whether each is counted, their age today and whether they must consent */
  members: { personId: number; name: string; included: boolean; age: number; needsConsent: boolean }[];
  /** each person's newest consent, valid or not */
  consents: (ConsentOnFile & { valid: boolean })[];
  /** what the report compares with: the visit's incomes when recorded, else what the enrolment computed with */
  incomes: IncomeLine[];
  assets: AssetFacts;
}

/** The review and its enrolled application, within the actor's jurisdiction. */
async function reviewWithApplication(exec: Executor, actor: Actor, reviewId: number, lock = false): Promise<{ review: ReviewRow; app: ApplicationRow }> {
  const q = exec.select().from(reviews).where(and(eq(reviews.id, reviewId), scopeCondition(actor, reviews.divisionCode)));
  const [review] = lock ? await q.for('update') : await q;
  if (!review) throw notFound('复核', 'REVIEW_NOT_FOUND');
  const [app] = await exec.select().from(applications).where(eq(applications.id, review.applicationId));
  if (!app) throw notFound('救助申请', 'APPLICATION_NOT_FOUND');
  return { review, app };
}

async function validMonths(exec: Executor, divisionCode: string, today: IsoDate): Promise<number> {
  const p = await findParameter(exec, CONSENT_VALID_MONTHS, { divisionCode, date: today });
  return Number.isSafeInteger(p?.value) && (p!.value as number) > 0 ? (p!.value as number) : 12;
}

export async function reviewVerificationSubject(exec: Executor, actor: Actor, reviewId: number, today: IsoDate): Promise<ReviewVerificationSubject> {
  const { review, app } = await reviewWithApplication(exec, actor, reviewId);
  const months = await validMonths(exec, review.divisionCode, today);
  const intakeOn = chinaDate(app.createdAt);
  const consents = consentsOnFile(app.consents as StoredConsent[], review.consents as StoredConsent[], intakeOn, months)
    .map((c) => ({ ...c, valid: consentValid(c, today) }));
  const enrolled = app.verification as { incomes?: IncomeLine[]; totals?: { financialAssetsFen: number; vehicles?: number; extraHousing?: number } } | null;
  const visit = review.visit as ReviewVisit | null;
  const t = enrolled?.totals;
  return {
    review, householdId: review.householdId, divisionCode: review.divisionCode, applicantName: app.applicantName,
    urbanRural: app.urbanRural === 'urban' ? 'urban' : 'rural',
    members: await Promise.all((app.members as StoredMember[]).map(async (m) => {
      const age = ageOn((await mustGetPerson(exec, actor, m.personId)).birthDate, today);
      return { personId: m.personId, name: m.name, included: m.included, age, needsConsent: m.included && age >= ADULT_AGE };
    })),
    consents,
    incomes: visit?.incomes ?? enrolled?.incomes ?? (app.incomes as IncomeLine[]),
    assets: t ? { financialFen: t.financialAssetsFen, vehicles: t.vehicles ?? 0, extraHousing: t.extraHousing ?? 0 } : (app.assets as AssetFacts),
  };
}

/**
 * Records consents given at the review (an expired application consent renewed, or an adult who gave
 * none). Each person must be a counted member; a signed form must have been uploaded. A newer consent
 * of the same person replaces the review's older one.
 */
export async function recordReviewConsents(tx: Tx, actor: Actor, reviewId: number, given: StoredConsent[], today: IsoDate): Promise<ReviewRow> {
  if (!['township_caseworker', 'county_approver'].includes(actor.role)) {
    throw new DomainError('FORBIDDEN', '核对授权书由乡镇（街道）或县级经办人员登记', { status: 403 });
  }
  const { review, app } = await reviewWithApplication(tx, actor, reviewId, true);
  if (review.status !== 'open') throw new DomainError('REVIEW_CLOSED', '该复核已办结，不能再登记授权书', { status: 409 });
  const counted = new Map((app.members as StoredMember[]).filter((m) => m.included).map((m) => [m.personId, m]));
  const errors: FieldError[] = [];
  for (const [i, c] of given.entries()) {
    if (!counted.has(c.personId)) errors.push({ field: `consents.${i}.personId`, code: 'MEMBER_UNKNOWN', message: '授权人须为本户计入的家庭成员' });
    if (c.kind === 'signed_form' && !(c.fileSha256 && (await getFileInfo(tx, c.fileSha256)))) {
      errors.push({ field: `consents.${i}.fileSha256`, code: 'CONSENT_FILE_UNKNOWN', message: '签字授权书文件未找到，请重新上传' });
    }
  }
  if (errors.length) throw new DomainError('CONSENT_INVALID', '授权书未登记，请按提示修改', { status: 422, errors });
  const fresh = given.map((c) => ({ ...c, recordedOn: today }));
  const kept = (review.consents as StoredConsent[]).filter((c) => !fresh.some((f) => f.personId === c.personId));
  const [row] = await tx.update(reviews).set({ consents: [...kept, ...fresh] }).where(eq(reviews.id, review.id)).returning();
  await recordAudit(tx, actor, {
    action: 'assistance.review.consents', entityType: 'assistance_review', entityId: review.id, divisionCode: review.divisionCode,
    reason: '复核登记家庭经济状况核对授权书', after: { persons: fresh.map((c) => ({ personId: c.personId, name: counted.get(c.personId)?.name, kind: c.kind })) },
  });
  return row;
}

export interface ReviewReport {
  reportId: number; reportNo: string; receivedOn: IsoDate;
  sources: { source: string; finding: string; monthlyIncomeFen?: number; assetsFen?: number }[];
  totals: { monthlyIncomeFen: number; financialAssetsFen: number; vehicles: number; extraHousing: number };
  foundIncomes: FoundIncome[];
  discrepancies: number;
  /** each discrepancy as the report states it */
  discrepancyItems: { code: string; severity: 'high' | 'medium' | 'info'; title: string; message: string }[];
}

/** The report arrived (a system step): the review keeps it; the recomputation uses it. */
export async function receiveReviewReport(tx: Tx, review: ReviewRow, report: ReviewReport): Promise<void> {
  await tx.update(reviews).set({ verification: report, calculation: null }).where(eq(reviews.id, review.id));
}
