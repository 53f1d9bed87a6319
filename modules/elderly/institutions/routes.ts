import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, type Database } from '#kernel';
import { admit, createFacility, facilityMap, createInstitution, discharge, FACILITY_KINDS, getInstitution, listFacilities, listInstitutions, OWNERSHIP, residentsOf, updateFacility, updateInstitution } from './institutions.service';

const tags = ['elderly'];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const division = z.string().regex(/^\d{9}$|^\d{12}$/, '区划代码应为 9 或 12 位数字');
const idParams = z.object({ id: z.coerce.number().int().positive() });
const coords = { lng: z.number().min(73).max(136).nullish(), lat: z.number().min(3).max(54).nullish() };

const institutionInput = z.object({
  name: z.string().trim().min(2, '机构名称至少 2 个字').max(100),
  ownership: z.enum(Object.keys(OWNERSHIP) as [keyof typeof OWNERSHIP, ...(keyof typeof OWNERSHIP)[]]),
  divisionCode: division,
  comprehensive: z.boolean().default(false).describe('乡镇（街道）区域养老服务中心'),
  licenceNo: z.string().trim().max(50).nullish().describe('设立许可证号或备案号'),
  licenceExpiresOn: isoDate.nullish(),
  beds: z.number().int().min(0).max(10000),
  nursingBeds: z.number().int().min(0).max(10000),
  staff: z.number().int().min(0).max(5000),
  fireSafety: z.enum(['passed', 'rectifying', 'failed']),
  rating: z.number().int().min(0).max(5).describe('等级评定星级，0 为未评定'),
  address: z.string().trim().max(200).nullish(),
  ...coords,
});
const facilityInput = z.object({
  kind: z.enum(Object.keys(FACILITY_KINDS) as [keyof typeof FACILITY_KINDS, ...(keyof typeof FACILITY_KINDS)[]]),
  name: z.string().trim().min(2, '设施名称至少 2 个字').max(100), divisionCode: division, urbanRural: z.enum(['urban', 'rural']), openedOn: isoDate,
  closedOn: isoDate.nullish().describe('停用日期'), address: z.string().trim().max(200).nullish(),
  institutionId: z.number().int().positive().nullish().describe('家庭养老床位：提供服务的机构'), personId: z.number().int().positive().nullish().describe('家庭养老床位：入住老人'), ...coords,
});
const institutionQuery = z.object({
  q: z.string().max(50).optional().describe('名称包含'), ownership: z.enum(Object.keys(OWNERSHIP) as [keyof typeof OWNERSHIP, ...(keyof typeof OWNERSHIP)[]]).optional(),
  divisionCode: z.string().regex(/^\d{4,12}$/).optional(), warning: z.enum(['expired', 'expiring', 'missing', 'any']).optional().describe('许可预警'),
});
const facilityQuery = z.object({
  kind: z.enum(Object.keys(FACILITY_KINDS) as [keyof typeof FACILITY_KINDS, ...(keyof typeof FACILITY_KINDS)[]]).optional(),
  divisionCode: z.string().regex(/^\d{4,12}$/).optional(), q: z.string().max(50).optional(), includeClosed: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export async function institutionRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/elderly/institutions', { schema: { tags, summary: '养老机构（许可、床位、入住、消防、等级；许可到期预警）', querystring: institutionQuery } }, async (req) =>
    listInstitutions(db.orm, requireActor(req), req.query));
  r.get('/elderly/institutions/:id', { schema: { tags, summary: '一家养老机构的登记信息', params: idParams } }, async (req) => getInstitution(db.orm, requireActor(req), req.params.id));
  r.put('/elderly/institutions/:id', { schema: { tags, summary: '修改养老机构信息', params: idParams, body: institutionInput } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => updateInstitution(tx, actor, req.params.id, req.body));
  });
  r.post('/elderly/institutions', { schema: { tags, summary: '登记养老机构', body: institutionInput } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => createInstitution(tx, actor, req.body));
  });
  r.get('/elderly/institutions/:id/residents', { schema: { tags, summary: '机构入住与离院记录', params: idParams } }, async (req) => residentsOf(db.orm, requireActor(req), req.params.id));
  r.post('/elderly/institutions/:id/admissions', { schema: { tags, summary: '入住登记（居家补贴按规则停发）', params: idParams, body: z.object({ personId: z.number({ error: '请选择入住老人' }).int().positive(), admittedOn: isoDate }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => admit(tx, actor, { institutionId: req.params.id, ...req.body }));
  });
  r.post('/elderly/admissions/:id/discharge', { schema: { tags, summary: '离院登记', params: idParams, body: z.object({ dischargedOn: isoDate, reason: z.string().trim().min(1, '请填写离院原因').max(200) }) } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => discharge(tx, actor, req.params.id, req.body));
  });
  r.get('/elderly/facility-map', { schema: { tags, summary: '养老设施地图：设施与机构坐标、15 分钟服务圈、社区覆盖' } }, async (req) => facilityMap(db.orm, requireActor(req)));
  r.get('/elderly/facilities', { schema: { tags, summary: '社区居家养老设施（日间照料中心、A类站、老年餐厅、家庭养老床位）', querystring: facilityQuery } }, async (req) =>
    listFacilities(db.orm, requireActor(req), { ...req.query, includeClosed: req.query.includeClosed === 'true' }));
  r.put('/elderly/facilities/:id', { schema: { tags, summary: '修改或停用社区居家养老设施', params: idParams, body: facilityInput } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => updateFacility(tx, actor, req.params.id, req.body));
  });
  r.post('/elderly/facilities', { schema: { tags, summary: '登记社区居家养老设施', body: facilityInput } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => createFacility(tx, actor, req.body));
  });
}
