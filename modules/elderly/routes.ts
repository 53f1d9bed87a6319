import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, requireActor, todayInChina, type Database } from '#kernel';
import { assessmentInput, scoreInput, scoreResult } from './assessment/assessment.schemas';
import { assessmentHistory, assessmentReportHtml, getAssessment, recordAssessment, scoreAnswers } from './assessment/assessment.service';
import { DOMAINS, ITEMS, LEVELS, REASONS, RISK_EVENTS } from './assessment/items';
import { elderlyFile, FLAGS, LIVING_SITUATIONS, searchRegister, setProfile, type Flag, type LivingSituation } from './register/register.service';
import { listProposals, reconcileSubsidies, subsidyFacts } from './subsidies/subsidy.service';
import { loadElderlyParams } from './parameters';
import { subsidies, SUBSIDIES } from './subsidies/subsidy.rules';
import { requireElderly } from './access';

export interface ElderlyRouteDeps { db: Database }

const tags = ['elderly'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const livingKeys = Object.keys(LIVING_SITUATIONS) as [LivingSituation, ...LivingSituation[]];
const flagKeys = Object.keys(FLAGS) as [Flag, ...Flag[]];

const registerQuery = z.object({
  divisionCode: z.string().regex(/^\d{4,12}$/).optional(),
  q: z.string().max(20).optional().describe('姓名（前缀）'),
  livingSituation: z.enum(livingKeys).optional(),
  flag: z.enum(flagKeys).optional(),
  level: z.coerce.number().int().min(0).max(4).optional(),
  ageFrom: z.coerce.number().int().min(60).max(130).optional(),
  ageTo: z.coerce.number().int().min(60).max(130).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const profileInput = z.object({
  livingSituation: z.enum(livingKeys),
  familyPlanningSpecial: z.boolean(),
  lifeThreateningIllness: z.boolean().default(false),
  carers: z.array(z.object({
    name: z.string().trim().min(1).max(50), relation: z.string().max(20).optional(),
    phone: z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '联系电话格式不正确').optional(),
  })).max(5),
  notes: z.string().max(1000).nullish(),
});

/** validate → authorise → command → present; no SQL here. */
export async function elderlyRoutes(app: FastifyInstance, { db }: ElderlyRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/elderly/assessment-form', { schema: { tags, summary: '能力评估表：26 个项目及选项、等级与评估原因（GB/T 42195-2022）' } }, async (req) => {
    requireActor(req);
    return { domains: DOMAINS, items: ITEMS, levels: LEVELS, reasons: REASONS, riskEvents: RISK_EVENTS };
  });

  r.post('/elderly/assessments/score', {
    schema: {
      tags, summary: '能力评估计分（不保存）',
      description: '按 GB/T 42195-2022 计算四个一级指标小计、总分、初步等级，以及认知障碍、精神疾病、风险事件、昏迷的等级变更（各只适用一次，最高为完全失能）。缺少项目或得分越界时拒绝并指明项目，不保存任何内容。',
      body: scoreInput, response: { 200: scoreResult },
    },
  }, async (req) => scoreAnswers(db.orm, requireActor(req), req.body));

  r.post('/elderly/assessments', { schema: { tags, summary: '保存一次能力评估（发出 elderly.assessed 事件）', body: assessmentInput } }, async (req) => {
    const actor = requireActor(req);
    const row = await inTransaction(db, (tx) => recordAssessment(tx, actor, req.body));
    return { id: row.id, total: row.total, initialLevel: row.initialLevel, level: row.level, levelLabel: LEVELS[row.level], adjustments: row.adjustments, nextDueOn: row.nextDueOn };
  });

  r.get('/elderly/assessments/:id', { schema: { tags, summary: '一次能力评估的全部内容', params: idParams } }, async (req) => {
    const row = await getAssessment(db.orm, requireActor(req), req.params.id);
    return { ...row, levelLabel: LEVELS[row.level] };
  });

  r.get('/elderly/assessments/:id/report', { schema: { tags, summary: '能力评估报告（可打印的 HTML）', params: idParams } }, async (req, reply) => {
    reply.type('text/html; charset=utf-8');
    return assessmentReportHtml(db.orm, requireActor(req), req.params.id);
  });

  r.get('/elderly/persons/:id/assessments', { schema: { tags, summary: '某位老年人的评估历史', params: idParams } }, async (req) =>
    assessmentHistory(db.orm, requireActor(req), req.params.id));

  r.get('/elderly/register', { schema: { tags, summary: '老年人名册（60 周岁以上，按居住状况、特殊困难标识、能力等级筛选）', querystring: registerQuery } }, async (req) =>
    searchRegister(db.orm, requireActor(req), req.query));

  r.get('/elderly/persons/:id', { schema: { tags, summary: '老年人档案：基本信息、居住状况、照护人、评估、补贴、探访、入住与发放记录', params: idParams } }, async (req) =>
    elderlyFile(db.orm, requireActor(req), req.params.id));

  r.put('/elderly/persons/:id/profile', { schema: { tags, summary: '登记居住状况、计生特殊家庭与照护联系人', params: idParams, body: profileInput } }, async (req) => {
    const actor = requireActor(req);
    return inTransaction(db, (tx) => setProfile(tx, actor, req.params.id, req.body));
  });

  r.get('/elderly/persons/:id/subsidies', { schema: { tags, summary: '某位老年人的补贴资格测算（不保存）', params: idParams } }, async (req) => {
    const actor = requireActor(req);
    requireElderly(actor, 'read');
    const on = todayInChina();
    const [f] = await subsidyFacts(db.orm, actor, on, [req.params.id]);
    if (!f) return { decisions: [] };
    const params = await loadElderlyParams(db.orm, f.divisionCode, on);
    return { facts: f, decisions: subsidies(f, params).map((d) => ({ ...d, name: SUBSIDIES[d.programme] })), samples: params.samples };
  });

  r.get('/elderly/subsidies/proposals', {
    schema: { tags, summary: '补贴建议（免申即享）', querystring: z.object({
      status: z.enum(['proposed', 'confirmed', 'rejected', 'stopped']).optional(),
      programme: z.enum(Object.keys(SUBSIDIES) as [string, ...string[]]).optional(),
      page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
    }) },
  }, async (req) => listProposals(db.orm, requireActor(req), req.query));

  r.post('/elderly/subsidies/reconcile', { schema: { tags, summary: '按规则主动发现本辖区符合条件的老年人并生成补贴建议（已发放而不再符合的停发）' } }, async (req) => {
    const actor = requireActor(req);
    requireElderly(actor, 'write');
    return inTransaction(db, (tx) => reconcileSubsidies(tx, actor, todayInChina()));
  });

  await (await import('./institutions/routes')).institutionRoutes(app, { db });
  await (await import('./supervision/routes')).supervisionRoutes(app, { db });
  await (await import('./visits/routes')).visitRoutes(app, { db });
  await (await import('./indicators/routes')).indicatorRoutes(app, { db });
  await (await import('./home-services/routes')).homeServiceRoutes(app, { db });
  await (await import('./adaptation/routes')).adaptationRoutes(app, { db });
  await (await import('./workforce/routes')).workforceRoutes(app, { db });
}
