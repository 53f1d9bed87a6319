// 网上申请: the phone's guided form, submitted once. The household and applicant come from the session;
// other adults consent with a code sent to their own phone; photos must be the household's own uploads.
import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { DomainError, type DivisionDirectory, type FieldError, type Tx } from '#kernel';
import { applicationInput, INCOME_KINDS, receiveOnlineApplication, type IncomeKind } from '#assistance';
import { consents } from '../schema';
import type { OwnHousehold } from '../household/household.service';
import { openConsents } from '../signin/otp.service';
import { ownsUpload } from './uploads.service';

const id = z.number().int().positive();
const fen = z.number().int().min(0).max(100_000_000);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** Documents the applicant photographs; the online form itself is the application and the declaration. */
export const PHOTO_DOCUMENTS = {
  household_register: '户口簿（户主页和每个人的那一页）',
  id_cards: '家里每个人的身份证（正反面）',
  disability_certificate: '残疾人证（有的才拍）',
  medical_records: '大病诊断证明（有的才拍）',
  hardship_proof: '能说明困难的材料（如火灾、事故证明，看病、上学的票据）',
  supporter_statement: '子女等赡养人情况的说明（申请特困时拍）',
  other: '其他材料',
} as const;
type PhotoCode = keyof typeof PHOTO_DOCUMENTS;

export const onlineApplicationInput = z.object({
  programme: z.enum(['dibao', 'temporary', 'tekun']),
  members: z.array(z.object({ personId: id, included: z.boolean(), reason: z.string().max(200).optional() })).min(1),
  incomes: z.array(z.object({ personId: id, kind: z.enum(Object.keys(INCOME_KINDS) as [IncomeKind, ...IncomeKind[]]), monthlyFen: fen })).max(60).default([]),
  assets: z.object({ financialFen: fen.default(0), vehicles: z.number().int().min(0).max(20).default(0), extraHousing: z.number().int().min(0).max(20).default(0) }),
  photos: z.array(z.object({ code: z.enum(Object.keys(PHOTO_DOCUMENTS) as [PhotoCode, ...PhotoCode[]]), fileSha256: sha256 })).max(30).default([]),
  temporary: applicationInput.shape.temporary,
  tekun: applicationInput.shape.tekun,
  applicantAgrees: z.literal(true, '请阅读并同意授权核对家庭经济状况'),
});
export type OnlineApplicationInput = z.infer<typeof onlineApplicationInput>;

export interface ApplyDeps { divisions: DivisionDirectory }

export async function submitOnlineApplication(tx: Tx, deps: ApplyDeps, own: OwnHousehold, input: OnlineApplicationInput, now = new Date()) {
  const problems: FieldError[] = [];
  for (const [i, p] of input.photos.entries()) {
    if (!(await ownsUpload(tx, own.householdId, p.fileSha256))) problems.push({ field: `photos.${i}`, code: 'DOCUMENT_FILE_UNKNOWN', message: '照片没有上传成功，请重新拍照' });
  }
  if (problems.length) throw new DomainError('APPLICATION_INCOMPLETE', '有照片没有上传成功，请重新拍照', { status: 422, errors: problems });

  const given = (await openConsents(tx, own.householdId, now)).filter((c) => c.personId !== own.citizen.personId);
  const latest = new Map(given.map((c) => [c.personId, c]));
  const electronic = [
    { personId: own.citizen.personId, kind: 'electronic' as const, confirmedBy: `${own.citizen.name}（本人，验证码登录）`, confirmedAt: now.toISOString() },
    ...[...latest.values()].map((c) => ({ personId: c.personId, kind: 'electronic' as const, confirmedBy: `${c.personName}（本人手机验证码）`, confirmedAt: c.confirmedAt.toISOString() })),
  ];
  const documents = [
    { code: 'application_form' as const }, // the online form is the signed application
    { code: 'income_statement' as const }, // and the declaration of income and assets
    ...input.photos.map((p) => ({ code: p.code, fileSha256: p.fileSha256 })),
  ]; // a missing photo of the household register or ID cards is named by the intake, with every other gap
  const app = await receiveOnlineApplication(tx, deps, { personId: own.citizen.personId, name: own.citizen.name, householdId: own.householdId }, {
    programme: input.programme, members: input.members, incomes: input.incomes, assets: input.assets,
    consents: electronic, documents, temporary: input.temporary, tekun: input.tekun,
  });
  if (latest.size) {
    await tx.update(consents).set({ applicationId: app.id })
      .where(and(eq(consents.householdId, own.householdId), inArray(consents.id, [...latest.values()].map((c) => c.id))));
  }
  return app;
}
