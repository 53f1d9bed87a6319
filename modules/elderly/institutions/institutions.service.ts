// 养老机构与设施: institutions with licence and beds, community facilities, admissions and discharges.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { DomainError, SYSTEM_ACTOR, notFound, recordAudit, scopeCondition, inScope, todayInChina, addDays, type Actor, type Executor, type IsoDate, type Tx } from '#kernel';
import { admissions, facilities, institutions } from '../schema';
import { requireElderly } from '../access';
import { olderPerson } from '../register/person.reads';
import { reconcileSubsidies } from '../subsidies/subsidy.service';

export const OWNERSHIP = { public: '公办', private: '民办', public_private: '公建民营' } as const;
export const FACILITY_KINDS = { day_care: '日间照料中心', station_a: 'A类养老服务站', canteen: '老年餐厅', home_bed: '家庭养老床位' } as const;
export const FIRE_SAFETY = { passed: '合格', rectifying: '整改中', failed: '不合格' } as const;
/** licences expiring within this many days raise a warning */
export const LICENCE_WARNING_DAYS = 90;

export type InstitutionRow = typeof institutions.$inferSelect;
export type InstitutionInput = Omit<typeof institutions.$inferInsert, 'id' | 'createdAt'>;
export type FacilityInput = Omit<typeof facilities.$inferInsert, 'id' | 'createdAt'>;

function checkDivision(actor: Actor, code: string) {
  if (!inScope(actor, code)) throw new DomainError('DIVISION_OUT_OF_SCOPE', '该区划不在您的管辖范围内', { status: 403 });
}

export async function createInstitution(tx: Tx, actor: Actor, input: InstitutionInput): Promise<InstitutionRow> {
  requireElderly(actor, 'write');
  checkDivision(actor, input.divisionCode);
  if ((input.nursingBeds ?? 0) > (input.beds ?? 0)) {
    throw new DomainError('VALIDATION_FAILED', '护理型床位数不能多于床位总数', { status: 422, errors: [{ field: 'nursingBeds', code: 'NURSING_BEDS_EXCEED', message: '护理型床位数不能多于床位总数' }] });
  }
  const [row] = await tx.insert(institutions).values(input).returning();
  await recordAudit(tx, actor, { action: 'elderly.institution.created', entityType: 'elderly_institution', entityId: row.id, divisionCode: row.divisionCode, after: input });
  return row;
}

export async function getInstitution(exec: Executor, actor: Actor, id: number): Promise<InstitutionRow> {
  const [row] = await exec.select().from(institutions).where(and(eq(institutions.id, id), scopeCondition(actor, institutions.divisionCode)));
  if (!row) throw notFound('养老机构');
  return row;
}

export async function listInstitutions(exec: Executor, actor: Actor, on: IsoDate = todayInChina()) {
  requireElderly(actor, 'read');
  const warnBy = addDays(on, LICENCE_WARNING_DAYS);
  const { rows } = await exec.execute(sql`
    SELECT i.*, (SELECT count(*)::int FROM ${admissions} a WHERE a.institution_id = i.id AND a.discharged_on IS NULL) AS residents
    FROM ${institutions} i WHERE i.division_code LIKE ${actor.divisionCode + '%'} ORDER BY i.division_code, i.name`);
  return (rows as Record<string, any>[]).map((r) => ({
    id: Number(r.id), name: r.name, ownership: r.ownership, divisionCode: r.division_code, comprehensive: r.comprehensive,
    licenceNo: r.licence_no, licenceExpiresOn: r.licence_expires_on ? String(r.licence_expires_on).slice(0, 10) : null,
    beds: r.beds, nursingBeds: r.nursing_beds, staff: r.staff, fireSafety: r.fire_safety, rating: r.rating, lng: r.lng, lat: r.lat,
    residents: Number(r.residents),
    licenceWarning: licenceWarning(r.licence_expires_on ? String(r.licence_expires_on).slice(0, 10) : null, on, warnBy),
  }));
}

/** 'expired', 'expiring' (within LICENCE_WARNING_DAYS), 'missing' or null. */
export function licenceWarning(expiresOn: string | null, on: IsoDate, warnBy = addDays(on, LICENCE_WARNING_DAYS)): 'expired' | 'expiring' | 'missing' | null {
  if (!expiresOn) return 'missing';
  if (expiresOn < on) return 'expired';
  if (expiresOn <= warnBy) return 'expiring';
  return null;
}

export async function createFacility(tx: Tx, actor: Actor, input: FacilityInput) {
  requireElderly(actor, 'write');
  checkDivision(actor, input.divisionCode);
  const [row] = await tx.insert(facilities).values(input).returning();
  await recordAudit(tx, actor, { action: 'elderly.facility.created', entityType: 'elderly_facility', entityId: row.id, divisionCode: row.divisionCode, after: input });
  return row;
}

export async function listFacilities(exec: Executor, actor: Actor, kind?: string) {
  requireElderly(actor, 'read');
  const conds = [scopeCondition(actor, facilities.divisionCode), isNull(facilities.closedOn)];
  if (kind) conds.push(eq(facilities.kind, kind));
  return exec.select({ id: facilities.id, kind: facilities.kind, name: facilities.name, divisionCode: facilities.divisionCode, urbanRural: facilities.urbanRural,
    openedOn: facilities.openedOn, lng: facilities.lng, lat: facilities.lat }).from(facilities).where(and(...conds)).orderBy(asc(facilities.divisionCode), asc(facilities.id));
}

/** 入住: home-based subsidies stop (where the parameters say so) in the same transaction. */
export async function admit(tx: Tx, actor: Actor, input: { institutionId: number; personId: number; admittedOn: IsoDate }, today = todayInChina()) {
  requireElderly(actor, 'write');
  const inst = await getInstitution(tx, actor, input.institutionId);
  const person = await olderPerson(tx, SYSTEM_ACTOR, input.personId, input.admittedOn);
  const [already] = await tx.select({ id: admissions.id }).from(admissions)
    .where(and(eq(admissions.personId, input.personId), eq(admissions.institutionId, inst.id), isNull(admissions.dischargedOn)));
  if (already) throw new DomainError('ALREADY_RESIDENT', `${person.name} 已在 ${inst.name} 入住`, { status: 409 });
  const [row] = await tx.insert(admissions).values({ institutionId: inst.id, personId: person.personId, divisionCode: inst.divisionCode, admittedOn: input.admittedOn }).returning();
  await recordAudit(tx, actor, { action: 'elderly.admitted', entityType: 'elderly_admission', entityId: row.id, divisionCode: inst.divisionCode, after: { institutionId: inst.id, personId: person.personId, admittedOn: input.admittedOn } });
  const subsidies = await reconcileSubsidies(tx, SYSTEM_ACTOR, today, [person.personId]);
  return { admission: row, subsidies };
}

export async function discharge(tx: Tx, actor: Actor, admissionId: number, input: { dischargedOn: IsoDate; reason: string }, today = todayInChina()) {
  requireElderly(actor, 'write');
  const [row] = await tx.select().from(admissions).where(and(eq(admissions.id, admissionId), scopeCondition(actor, admissions.divisionCode)));
  if (!row) throw notFound('入住记录');
  if (row.dischargedOn) throw new DomainError('ALREADY_DISCHARGED', `该入住记录已于 ${row.dischargedOn} 离院`, { status: 409 });
  if (input.dischargedOn < row.admittedOn) throw new DomainError('VALIDATION_FAILED', '离院日期不能早于入住日期', { status: 422, errors: [{ field: 'dischargedOn', code: 'DATE_ORDER', message: '离院日期不能早于入住日期' }] });
  await tx.update(admissions).set({ dischargedOn: input.dischargedOn, dischargeReason: input.reason }).where(eq(admissions.id, admissionId));
  await recordAudit(tx, actor, { action: 'elderly.discharged', entityType: 'elderly_admission', entityId: admissionId, divisionCode: row.divisionCode, reason: input.reason, after: { dischargedOn: input.dischargedOn } });
  return reconcileSubsidies(tx, SYSTEM_ACTOR, today, [row.personId]);
}

export async function residentsOf(exec: Executor, actor: Actor, institutionId: number) {
  await getInstitution(exec, actor, institutionId);
  return exec.select().from(admissions).where(eq(admissions.institutionId, institutionId)).orderBy(sql`${admissions.dischargedOn} IS NULL DESC, ${admissions.admittedOn} DESC`);
}

/**
 * The facility map: every facility and institution with coordinates, and the share of urban
 * communities inside a 15-minute circle. Communities carry no coordinates, so a community counts as
 * covered when a facility stands in it (its own circle); the UI says so.
 */
export async function facilityMap(exec: Executor, actor: Actor) {
  requireElderly(actor, 'read');
  const scope = actor.divisionCode + '%';
  const { rows: points } = await exec.execute(sql`
    SELECT 'facility' AS source, f.id, f.kind, f.name, f.division_code, f.lng, f.lat FROM ${facilities} f
    WHERE f.closed_on IS NULL AND f.kind <> 'home_bed' AND f.lng IS NOT NULL AND f.division_code LIKE ${scope}
    UNION ALL
    SELECT 'institution', i.id, CASE WHEN i.comprehensive THEN 'comprehensive' ELSE 'institution' END, i.name, i.division_code, i.lng, i.lat FROM ${institutions} i
    WHERE i.lng IS NOT NULL AND i.division_code LIKE ${scope}`);
  const { rows: [c] } = await exec.execute(sql`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ${facilities} f WHERE f.division_code = d.code AND f.closed_on IS NULL AND f.kind <> 'home_bed'))::int AS covered
    FROM kernel.divisions d WHERE d.level = 5 AND d.kind = 'community' AND d.code LIKE ${scope}`);
  const counts = c as { total: number; covered: number };
  return {
    points: (points as Record<string, any>[]).map((p) => ({ source: p.source, id: Number(p.id), kind: p.kind, name: p.name, divisionCode: p.division_code, lng: Number(p.lng), lat: Number(p.lat) })),
    communities: { total: Number(counts.total), covered: Number(counts.covered) },
    radiusMetres: 1000,
  };
}
