// For the integration tests of price linkage and reviews: a household enrolled in dibao as the
// decision would leave it (an approved application and a dibao entitlement), without the procedure.
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, inTransaction } from '#kernel';
import { setEntitlement } from '#payments';
import { payee } from '../../payments/payments.testing';
import type { Platform } from '../../../apps/server/src/platform';
import { applications } from '../schema';

export const HOME = '140321100201';

export interface EnrolOptions {
  decidedAt: Date;
  monthlyFen: number;
  fromMonth: string;
  ages?: number[];
  incomes?: { member: number; kind: string; monthlyFen: number }[];
  urbanRural?: 'urban' | 'rural';
  members?: number;
}

export async function enrolledHousehold(p: Platform, o: EnrolOptions) {
  const h = await payee(p, HOME, o.members ?? 3);
  if (o.urbanRural === 'urban') await p.db.orm.execute(sql`UPDATE registry.households SET urban_rural = 'urban' WHERE id = ${h.householdId}`);
  const ages = o.ages ?? [44, 41, 12];
  const members = h.members.map((m, i) => ({ personId: m.id, name: m.name, idNumberMasked: '140321********0011', age: ages[i] ?? 30, included: true }));
  const incomes = (o.incomes ?? [{ member: 0, kind: 'transfer', monthlyFen: 30000 }]).map((x) => ({ personId: h.members[x.member].id, kind: x.kind, monthlyFen: x.monthlyFen }));
  const [app] = await p.db.orm.insert(applications).values({
    programme: 'dibao', householdId: h.householdId, applicantPersonId: h.head.id, applicantName: h.head.name, applicantIdMasked: '140321********0011',
    divisionCode: HOME, urbanRural: o.urbanRural ?? 'rural', receivingDivisionCode: '140321100', receivedByName: '窗口',
    members, incomes, assets: { financialFen: 0, vehicles: 0, extraHousing: 0 }, consents: [], documents: [],
    decision: 'approved', decidedAt: o.decidedAt, fromMonth: o.fromMonth,
  }).returning();
  await inTransaction(p.db, (tx) => setEntitlement(tx, SYSTEM_ACTOR, {
    programme: 'dibao', householdId: h.householdId, divisionCode: HOME, monthlyAmountFen: o.monthlyFen, fromMonth: o.fromMonth,
    reason: '低保审批纳入', sourceType: 'assistance_application', sourceId: app.id,
  }));
  return { ...h, application: app };
}
