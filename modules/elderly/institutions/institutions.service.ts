// 养老机构与设施: institutions with licence and beds, community facilities, admissions and discharges.
import { and, asc, eq, ilike, isNull, sql, type SQL } from 'drizzle-orm';
import {
  DomainError, SYSTEM_ACTOR, divisions, maskIdNumber, notFound, recordAudit, scopeCondition, inScope, todayInChina, addDays, ageOn,
  type Actor, type Executor, type IsoDate, type Tx,
} from '#kernel';
import { admissions, facilities, institutions } from '../schema';
import { personFacts } from '../sources';
import { requireElderly } from '../access';
import { olderPerson } from '../register/person.reads';
import { reconcileSubsidies } from '../subsidies/subsidy.service';
import '../subsidies/subsidy.workflow'; // reconciling subsidies may open cases of this workflow
import { divisionPoint, facilityPoint, metresBetween } from './geo';

export const OWNERSHIP = { public: '公办', private: '民办', public_private: '公建民营' } as const;
export const FACILITY_KINDS = { day_care: '日间照料中心', station_a: 'A类养老服务站', canteen: '老年餐厅', home_bed: '家庭养老床位' } as const;
export const FIRE_SAFETY = { passed: '合格', rectifying: '整改中', failed: '不合格' } as const;
/** licences expiring within this many days raise a warning */
export const LICENCE_WARNING_DAYS = 90;

export type InstitutionRow = typeof institutions.$inferSelect;
export type InstitutionInput = Omit<typeof institutions.$inferInsert, 'id' | 'createdAt'>;
export type FacilityInput = Omit<typeof facilities.$inferInsert, 'id' | 'createdAt'>;

const invalid = (field: string, code: string, message: string) => new DomainError('VALIDATION_FAILED', message, { status: 422, errors: [{ field, code, message }] });

/** A township or village in the actor's jurisdiction that exists. */
async function checkDivision(exec: Executor, actor: Actor, code: string) {
  if (!inScope(actor, code)) throw new DomainError('DIVISION_OUT_OF_SCOPE', '该区划不在您的管辖范围内', { status: 403, errors: [{ field: 'divisionCode', code: 'DIVISION_OUT_OF_SCOPE', message: '该区划不在您的管辖范围内' }] });
  const [d] = await exec.select({ level: divisions.level }).from(divisions).where(eq(divisions.code, code));
  if (!d || d.level < 4) throw invalid('divisionCode', 'DIVISION_NOT_TOWNSHIP', '请选择机构所在的乡镇（街道）或村（社区）');
}

function checkBeds(input: { beds?: number; nursingBeds?: number }) {
  if ((input.nursingBeds ?? 0) > (input.beds ?? 0)) throw invalid('nursingBeds', 'NURSING_BEDS_EXCEED', '护理型床位数不能多于床位总数');
}

/** Where to put it on the map when no coordinates are given: at its division's point. */
function placed<T extends { divisionCode: string; lng?: number | null; lat?: number | null }>(input: T, key: string): T {
  if (input.lng != null && input.lat != null) return input;
  const p = facilityPoint(input.divisionCode, key);
  return p ? { ...input, ...p } : input;
}

export async function createInstitution(tx: Tx, actor: Actor, input: InstitutionInput): Promise<InstitutionRow> {
  requireElderly(actor, 'write');
  await checkDivision(tx, actor, input.divisionCode);
  checkBeds(input);
  await uniqueName(tx, input.name);
  const [row] = await tx.insert(institutions).values(placed(input, `institution:${input.name}`)).returning();
  await recordAudit(tx, actor, { action: 'elderly.institution.created', entityType: 'elderly_institution', entityId: row.id, divisionCode: row.divisionCode, after: input });
  return row;
}

async function uniqueName(exec: Executor, name: string, except?: number) {
  const [dup] = await exec.select({ id: institutions.id, divisionCode: institutions.divisionCode }).from(institutions)
    .where(and(eq(institutions.name, name.trim()), except ? sql`${institutions.id} <> ${except}` : undefined));
  if (dup) throw new DomainError('INSTITUTION_DUPLICATE', `已登记同名养老机构（${dup.divisionCode}）`, { status: 409, errors: [{ field: 'name', code: 'INSTITUTION_DUPLICATE', message: '已登记同名养老机构' }] });
}

/** 修改机构信息: every field but the id; beds never below the residents in care. */
export async function updateInstitution(tx: Tx, actor: Actor, id: number, input: InstitutionInput): Promise<InstitutionRow> {
  requireElderly(actor, 'write');
  const before = await getInstitution(tx, actor, id);
  await checkDivision(tx, actor, input.divisionCode);
  checkBeds(input);
  await uniqueName(tx, input.name, id);
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(admissions).where(and(eq(admissions.institutionId, id), isNull(admissions.dischargedOn)));
  if ((input.beds ?? 0) < Number(n)) throw invalid('beds', 'BEDS_BELOW_RESIDENTS', `床位总数不能少于在院老人数（${n} 人）`);
  const moved = input.divisionCode !== before.divisionCode;
  const values = placed({ ...input, lng: moved ? input.lng ?? null : input.lng ?? before.lng, lat: moved ? input.lat ?? null : input.lat ?? before.lat }, `institution:${input.name}`);
  const [row] = await tx.update(institutions).set(values).where(eq(institutions.id, id)).returning();
  await recordAudit(tx, actor, { action: 'elderly.institution.updated', entityType: 'elderly_institution', entityId: id, divisionCode: row.divisionCode, before, after: values });
  return row;
}

export async function getInstitution(exec: Executor, actor: Actor, id: number): Promise<InstitutionRow> {
  const [row] = await exec.select().from(institutions).where(and(eq(institutions.id, id), scopeCondition(actor, institutions.divisionCode)));
  if (!row) throw notFound('养老机构');
  return row;
}

export interface InstitutionQuery { q?: string; ownership?: string; divisionCode?: string; warning?: 'expired' | 'expiring' | 'missing' | 'any' }

/** 养老机构列表 with residents in care and the licence warning, filtered; a city has some hundreds. */
export async function listInstitutions(exec: Executor, actor: Actor, query: InstitutionQuery = {}, on: IsoDate = todayInChina()) {
  requireElderly(actor, 'read');
  const warnBy = addDays(on, LICENCE_WARNING_DAYS);
  const scope = query.divisionCode?.startsWith(actor.divisionCode) ? query.divisionCode : actor.divisionCode;
  const { rows } = await exec.execute(sql`
    SELECT i.*, d.name AS division_name, coalesce(a.n, 0)::int AS residents
    FROM ${institutions} i LEFT JOIN kernel.divisions d ON d.code = i.division_code
    LEFT JOIN (SELECT institution_id, count(*) AS n FROM ${admissions} WHERE discharged_on IS NULL GROUP BY institution_id) a ON a.institution_id = i.id
    WHERE i.division_code LIKE ${scope + '%'}
      ${query.q ? sql`AND i.name LIKE ${'%' + query.q.replace(/[%_\\]/g, '') + '%'}` : sql``}
      ${query.ownership ? sql`AND i.ownership = ${query.ownership}` : sql``}
    ORDER BY i.division_code, i.name`);
  const list = (rows as Record<string, any>[]).map((r) => {
    const expires = r.licence_expires_on ? String(r.licence_expires_on).slice(0, 10) : null;
    return {
      id: Number(r.id), name: r.name as string, ownership: r.ownership as string, divisionCode: r.division_code as string, divisionName: (r.division_name ?? null) as string | null,
      comprehensive: !!r.comprehensive, licenceNo: (r.licence_no ?? null) as string | null, licenceExpiresOn: expires,
      beds: Number(r.beds), nursingBeds: Number(r.nursing_beds), staff: Number(r.staff), fireSafety: r.fire_safety as string, rating: Number(r.rating),
      address: (r.address ?? null) as string | null, lng: r.lng == null ? null : Number(r.lng), lat: r.lat == null ? null : Number(r.lat),
      residents: Number(r.residents), licenceWarning: licenceWarning(expires, on, warnBy),
    };
  });
  if (!query.warning) return list;
  return list.filter((i) => (query.warning === 'any' ? i.licenceWarning != null : i.licenceWarning === query.warning));
}

/** 'expired', 'expiring' (within LICENCE_WARNING_DAYS), 'missing' or null. */
export function licenceWarning(expiresOn: string | null, on: IsoDate, warnBy = addDays(on, LICENCE_WARNING_DAYS)): 'expired' | 'expiring' | 'missing' | null {
  if (!expiresOn) return 'missing';
  if (expiresOn < on) return 'expired';
  if (expiresOn <= warnBy) return 'expiring';
  return null;
}

/** A home care bed is an institution's bed in an older person's home: both are named. */
async function checkFacility(tx: Tx, actor: Actor, input: FacilityInput) {
  await checkDivision(tx, actor, input.divisionCode);
  if (input.closedOn && input.closedOn < input.openedOn) throw invalid('closedOn', 'DATE_ORDER', '停用日期不能早于启用日期');
  if (input.kind !== 'home_bed') return { ...input, institutionId: null, personId: null };
  if (!input.institutionId) throw invalid('institutionId', 'HOME_BED_INSTITUTION_REQUIRED', '家庭养老床位须选择提供服务的养老机构');
  if (!input.personId) throw invalid('personId', 'HOME_BED_PERSON_REQUIRED', '家庭养老床位须选择入住老人');
  await getInstitution(tx, actor, input.institutionId);
  const person = await olderPerson(tx, actor, input.personId, input.openedOn);
  return { ...input, divisionCode: person.divisionCode };
}

export async function createFacility(tx: Tx, actor: Actor, input: FacilityInput) {
  requireElderly(actor, 'write');
  const values = placed(await checkFacility(tx, actor, input), `${input.kind}:${input.name}`);
  const [row] = await tx.insert(facilities).values(values).returning();
  await recordAudit(tx, actor, { action: 'elderly.facility.created', entityType: 'elderly_facility', entityId: row.id, divisionCode: row.divisionCode, after: values });
  return row;
}

export async function updateFacility(tx: Tx, actor: Actor, id: number, input: FacilityInput) {
  requireElderly(actor, 'write');
  const [before] = await tx.select().from(facilities).where(and(eq(facilities.id, id), scopeCondition(actor, facilities.divisionCode)));
  if (!before) throw notFound('养老服务设施');
  const checked = await checkFacility(tx, actor, input);
  const moved = checked.divisionCode !== before.divisionCode;
  const values = placed({ ...checked, lng: moved ? input.lng ?? null : input.lng ?? before.lng, lat: moved ? input.lat ?? null : input.lat ?? before.lat }, `${input.kind}:${input.name}`);
  const [row] = await tx.update(facilities).set(values).where(eq(facilities.id, id)).returning();
  await recordAudit(tx, actor, { action: 'elderly.facility.updated', entityType: 'elderly_facility', entityId: id, divisionCode: row.divisionCode, before, after: values });
  return row;
}

export interface FacilityQuery { kind?: string; divisionCode?: string; q?: string; includeClosed?: boolean; page?: number; pageSize?: number }

export async function listFacilities(exec: Executor, actor: Actor, query: FacilityQuery = {}) {
  requireElderly(actor, 'read');
  const conds: (SQL | undefined)[] = [scopeCondition(actor, facilities.divisionCode)];
  if (!query.includeClosed) conds.push(isNull(facilities.closedOn));
  if (query.kind) conds.push(eq(facilities.kind, query.kind));
  if (query.divisionCode?.startsWith(actor.divisionCode)) conds.push(sql`${facilities.divisionCode} LIKE ${query.divisionCode + '%'}`);
  if (query.q) conds.push(ilike(facilities.name, `%${query.q.replace(/[%_\\]/g, '')}%`));
  const size = Math.min(100, query.pageSize ?? 20);
  const page = Math.max(1, query.page ?? 1);
  const where = and(...conds);
  const [{ total }] = await exec.select({ total: sql<number>`count(*)::int` }).from(facilities).where(where);
  const rows = await exec.select({ facility: facilities, divisionName: divisions.name, institution: institutions.name, personName: personFacts.name })
    .from(facilities).leftJoin(divisions, eq(divisions.code, facilities.divisionCode)).leftJoin(institutions, eq(institutions.id, facilities.institutionId))
    .leftJoin(personFacts, eq(personFacts.personId, facilities.personId))
    .where(where).orderBy(asc(facilities.divisionCode), asc(facilities.id)).limit(size).offset((page - 1) * size);
  return { total: Number(total), rows: rows.map((r) => ({ ...r.facility, divisionName: r.divisionName, institution: r.institution, personName: r.personName })) };
}

/** 入住: home-based subsidies stop (where the parameters say so) in the same transaction. */
export async function admit(tx: Tx, actor: Actor, input: { institutionId: number; personId: number; admittedOn: IsoDate }, today = todayInChina()) {
  requireElderly(actor, 'write');
  if (input.admittedOn > today) throw invalid('admittedOn', 'DATE_IN_FUTURE', '入住日期不能晚于今天');
  const inst = await getInstitution(tx, actor, input.institutionId);
  const person = await olderPerson(tx, SYSTEM_ACTOR, input.personId, input.admittedOn);
  const [already] = await tx.select({ id: admissions.id }).from(admissions)
    .where(and(eq(admissions.personId, input.personId), eq(admissions.institutionId, inst.id), isNull(admissions.dischargedOn)));
  if (already) throw new DomainError('ALREADY_RESIDENT', `${person.name} 已在 ${inst.name} 入住`, { status: 409, errors: [{ field: 'personId', code: 'ALREADY_RESIDENT', message: `${person.name} 已在本机构入住` }] });
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(admissions).where(and(eq(admissions.institutionId, inst.id), isNull(admissions.dischargedOn)));
  if (Number(n) >= inst.beds) throw new DomainError('INSTITUTION_FULL', `${inst.name} 的 ${inst.beds} 张床位已住满`, { status: 409 });
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
  if (input.dischargedOn < row.admittedOn) throw invalid('dischargedOn', 'DATE_ORDER', '离院日期不能早于入住日期');
  if (input.dischargedOn > today) throw invalid('dischargedOn', 'DATE_IN_FUTURE', '离院日期不能晚于今天');
  await tx.update(admissions).set({ dischargedOn: input.dischargedOn, dischargeReason: input.reason }).where(eq(admissions.id, admissionId));
  await recordAudit(tx, actor, { action: 'elderly.discharged', entityType: 'elderly_admission', entityId: admissionId, divisionCode: row.divisionCode, reason: input.reason, after: { dischargedOn: input.dischargedOn } });
  return reconcileSubsidies(tx, SYSTEM_ACTOR, today, [row.personId]);
}

/** 入住与离院记录 with who the residents are (ID numbers masked). */
export async function residentsOf(exec: Executor, actor: Actor, institutionId: number, on: IsoDate = todayInChina()) {
  requireElderly(actor, 'read');
  await getInstitution(exec, actor, institutionId);
  const rows = await exec.select({ a: admissions, name: personFacts.name, idNumber: personFacts.idNumber, birthDate: personFacts.birthDate, gender: personFacts.gender, status: personFacts.status })
    .from(admissions).leftJoin(personFacts, eq(personFacts.personId, admissions.personId))
    .where(eq(admissions.institutionId, institutionId)).orderBy(sql`${admissions.dischargedOn} IS NULL DESC, ${admissions.admittedOn} DESC, ${admissions.id} DESC`);
  return rows.map((r) => ({
    ...r.a, name: r.name, idNumber: r.idNumber ? maskIdNumber(r.idNumber) : null, gender: r.gender,
    age: r.birthDate ? ageOn(r.birthDate, on) : null, personStatus: r.status,
  }));
}

/** 15 minutes on foot */
export const SERVICE_RADIUS_METRES = 1000;

/**
 * The facility map: every facility and institution with its point, and the share of urban
 * communities within a 15-minute circle of one. Communities carry no coordinates of their own, so
 * each stands at its deterministic point inside its county's outline (geo.ts) — the same points the
 * demo's facilities and any facility registered without coordinates are placed by — and a community
 * counts as covered when a circle drawn on the map contains its point.
 */
export async function facilityMap(exec: Executor, actor: Actor) {
  requireElderly(actor, 'read');
  const scope = actor.divisionCode + '%';
  const { rows } = await exec.execute(sql`
    SELECT 'facility' AS source, f.id, f.kind, f.name, f.division_code, f.lng, f.lat FROM ${facilities} f
    WHERE f.closed_on IS NULL AND f.kind <> 'home_bed' AND f.lng IS NOT NULL AND f.division_code LIKE ${scope}
    UNION ALL
    SELECT 'institution', i.id, CASE WHEN i.comprehensive THEN 'comprehensive' ELSE 'institution' END, i.name, i.division_code, i.lng, i.lat FROM ${institutions} i
    WHERE i.lng IS NOT NULL AND i.division_code LIKE ${scope}`);
  const points = (rows as Record<string, any>[]).map((p) => ({ source: p.source as string, id: Number(p.id), kind: p.kind as string, name: p.name as string, divisionCode: p.division_code as string, lng: Number(p.lng), lat: Number(p.lat) }));
  const communities = await exec.select({ code: divisions.code, name: divisions.name }).from(divisions)
    .where(and(eq(divisions.level, 5), eq(divisions.kind, 'community'), sql`${divisions.code} LIKE ${scope}`)).orderBy(asc(divisions.code));
  const placedCommunities = communities.flatMap((c) => {
    const at = divisionPoint(c.code);
    if (!at) return [];
    // facilities are few (hundreds) and communities some hundreds: a direct comparison is instant
    const covered = points.some((p) => metresBetween(p, at) <= SERVICE_RADIUS_METRES);
    return [{ code: c.code, name: c.name, ...at, covered }];
  });
  return {
    points,
    communities: { total: placedCommunities.length, covered: placedCommunities.filter((c) => c.covered).length, points: placedCommunities },
    radiusMetres: SERVICE_RADIUS_METRES,
  };
}
