// The phone service's HTTP API under /api/v1/citizen: validate → the citizen in the session →
// command → present. Every read is of the session's own person and household, never of an id sent in.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, inTransaction, validateIdNumber, validationFailed, type Database, type DivisionDirectory } from '#kernel';
import { onlineApplication, requestReviewOnline } from '#assistance';
import type { RegistryDeps } from '#registry';
import { atLeast, registerCitizen, requireCitizen } from './citizen.request';
import { CITIZEN_COOKIE, closeSession, openSession } from './signin/sessions.service';
import { checkCode, confirmConsent, openConsents, requestConsentCode, requestSignInCode, SIGNIN_SENT_MESSAGE, CODE_TTL_MS } from './signin/otp.service';
import type { DemoSmsSender, SmsSender } from './signin/sms';
import { myHousehold, ownHousehold } from './household/household.service';
import { myPayments } from './household/payments.service';
import { listReports, reportInput, submitReport } from './reports/reports.service';
import { onlineApplicationInput, PHOTO_DOCUMENTS, submitOnlineApplication } from './apply/apply.service';
import { readUpload, storeUpload, UPLOAD_MAX_BYTES, UPLOAD_TYPES } from './apply/uploads.service';
import { listMyApplications, myApplication } from './cases/cases.service';
import { GLOSSARY } from './cases/plain-words';
import { listNotices, markRead } from './notices/notices.service';
import { helpAnswers } from './help/help.rules';
import { suggestProgrammes } from './help/help.service';

export interface CitizenRouteDeps {
  db: Database;
  divisions: DivisionDirectory;
  registry: RegistryDeps;
  sms: SmsSender;
  /** the demo sender's inbox is served only outside production */
  production: boolean;
  /** how long sign-in answers take at least, whatever the outcome (ms) */
  minLatencyMs?: number;
}

const tags = ['citizen'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const code = z.string().regex(/^\d{6}$/, '验证码是 6 位数字');
const challengeId = z.string().min(20).max(64);

export async function citizenRoutes(app: FastifyInstance, deps: CitizenRouteDeps) {
  const { db, divisions, registry, sms } = deps;
  const floor = deps.minLatencyMs ?? 400;
  registerCitizen(app, db);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const send = (o: { phone: string; text: string } | null) => {
    if (o) void sms.send(o.phone, o.text).catch((err) => app.log.error({ err }, 'SMS not sent'));
  };
  const own = (req: Parameters<typeof requireCitizen>[0]) => ownHousehold(db.orm, requireCitizen(req));
  const cookie = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: deps.production };

  r.post('/citizen/auth/code', {
    schema: {
      tags, summary: '获取登录验证码（发到登记的手机号）',
      description: '无论身份证号是否登记，应答的内容、状态和耗时都相同。',
      body: z.object({ idNumber: z.string().trim().min(1).max(18), name: z.string().trim().min(1).max(50) }),
    },
  }, async (req) => atLeast(floor, async () => {
    const id = validateIdNumber(req.body.idNumber);
    if (!id.ok) throw validationFailed([{ field: 'idNumber', code: 'ID_NUMBER_INVALID', message: '身份证号码不正确，请核对' }]);
    const result = await inTransaction(db, (tx) => requestSignInCode(tx, registry, { idNumber: id.normalized, name: req.body.name, ip: req.ip }));
    if (!result.ok) throw result.error;
    send(result.outgoing);
    return { challengeId: result.challengeId, message: SIGNIN_SENT_MESSAGE, expiresInSeconds: CODE_TTL_MS / 1000 };
  }));

  r.post('/citizen/auth/verify', {
    schema: { tags, summary: '输入验证码登录（设置掌上办会话 Cookie）', body: z.object({ challengeId, code }) },
  }, async (req, reply) => atLeast(floor, async () => {
    const result = await inTransaction(db, async (tx) => {
      const checked = await checkCode(tx, { ...req.body, purpose: 'signin', ip: req.ip });
      return checked.ok ? { ok: true as const, session: await openSession(tx, checked.personId) } : checked;
    });
    if (!result.ok) throw result.error; // the failure count is committed first
    // a browser-session cookie: the server slides and ends the session (IDLE_MS idle, MAX_MS in all)
    reply.setCookie(CITIZEN_COOKIE, result.session.token, cookie);
    return { ok: true };
  }));

  r.post('/citizen/auth/logout', { schema: { tags, summary: '退出登录' } }, async (req, reply) => {
    const token = req.cookies[CITIZEN_COOKIE];
    if (token) await closeSession(db.orm, token);
    reply.clearCookie(CITIZEN_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/citizen/me', { schema: { tags, summary: '当前登录的群众' } }, async (req) => {
    const c = requireCitizen(req);
    return { personId: c.personId, name: c.name, householdId: c.householdId, expiresAt: c.expiresAt };
  });

  r.get('/citizen/household', { schema: { tags, summary: '我的家庭（按户籍登记，敏感信息脱敏）' } }, async (req) => myHousehold(db.orm, registry, requireCitizen(req)));

  r.get('/citizen/reports', { schema: { tags, summary: '我报告的变化与投诉' } }, async (req) => ({ items: await listReports(db.orm, (await own(req)).householdId) }));
  r.post('/citizen/reports', { schema: { tags, summary: '报告家庭变化（新增成员、收入变化、搬家）或投诉，转乡镇（街道）待办', body: reportInput } }, async (req, reply) => {
    const o = await own(req);
    const who = { personId: o.citizen.personId, name: o.citizen.name, householdId: o.householdId };
    const row = await inTransaction(db, (tx) => submitReport(tx, o, req.body, (id) => onlineApplication(tx, { divisions }, who, id).then(() => true, () => false)));
    reply.status(201);
    return { id: row.id, instanceId: row.instanceId };
  });

  r.get('/citizen/applications', { schema: { tags, summary: '我家的申请' } }, async (req) => ({ items: await listMyApplications(db.orm, { divisions }, await own(req)) }));
  r.get('/citizen/applications/:id', { schema: { tags, summary: '申请进度、决定和说明', params: idParams } }, async (req) => myApplication(db.orm, { divisions }, await own(req), req.params.id));
  r.post('/citizen/applications', {
    schema: { tags, summary: '网上申请低保或临时救助（乡镇（街道）受理）', body: onlineApplicationInput },
  }, async (req, reply) => {
    const o = await own(req);
    const app = await inTransaction(db, (tx) => submitOnlineApplication(tx, { divisions }, o, req.body));
    reply.status(201);
    return { id: app.id };
  });
  r.post('/citizen/applications/:id/review', {
    schema: { tags, summary: '对不予纳入的决定申请复核（在期限内）', params: idParams, body: z.object({ grounds: z.string().trim().min(1, '请写明理由').max(2000) }) },
  }, async (req) => {
    const o = await own(req);
    await inTransaction(db, (tx) => requestReviewOnline(tx, { divisions }, { personId: o.citizen.personId, name: o.citizen.name, householdId: o.householdId }, req.params.id, req.body.grounds));
    return myApplication(db.orm, { divisions }, o, req.params.id);
  });

  r.get('/citizen/consents', { schema: { tags, summary: '家人已给的授权（当天有效）' } }, async (req) => {
    const o = await own(req);
    return { items: (await openConsents(db.orm, o.householdId)).map((c) => ({ personId: c.personId, name: c.personName, confirmedAt: c.confirmedAt })) };
  });
  r.post('/citizen/consents/code', {
    schema: { tags, summary: '给家人发授权验证码（发到本人登记的手机）', body: z.object({ personId: z.number().int().positive() }) },
  }, async (req) => {
    const o = await own(req);
    const out = await inTransaction(db, (tx) => requestConsentCode(tx, o.citizen, req.body.personId));
    send(out.outgoing);
    return { challengeId: out.challengeId, phoneMasked: out.phoneMasked, name: out.memberName };
  });
  r.post('/citizen/consents/verify', {
    schema: { tags, summary: '输入家人收到的验证码，确认其授权', body: z.object({ challengeId, code }) },
  }, async (req) => {
    const o = await own(req);
    const result = await inTransaction(db, async (tx) => {
      const checked = await checkCode(tx, { ...req.body, purpose: 'consent', ip: req.ip, requestedBy: o.citizen.personId });
      return checked.ok ? { ok: true as const, consent: await confirmConsent(tx, o.citizen, checked.personId) } : checked;
    });
    if (!result.ok) throw result.error;
    return { personId: result.consent.personId, name: result.consent.personName, confirmedAt: result.consent.confirmedAt };
  });

  r.get('/citizen/documents', { schema: { tags, summary: '需要拍照的材料和上传限制' } }, async () => ({
    documents: Object.entries(PHOTO_DOCUMENTS).map(([code, title]) => ({ code, title })), maxBytes: UPLOAD_MAX_BYTES, types: UPLOAD_TYPES,
  }));
  r.post('/citizen/files', {
    schema: { tags, summary: '上传材料照片（multipart: file；JPEG/PNG/WebP，5 MB 以内）', consumes: ['multipart/form-data'] },
  }, async (req, reply) => {
    const o = await own(req);
    const part = req.isMultipart() ? await req.file() : undefined;
    if (!part) throw validationFailed([{ field: 'file', code: 'FILE_REQUIRED', message: '请先拍照或选择照片' }]);
    const stored = await inTransaction(db, (tx) => storeUpload(tx, o, { stream: part.file, filename: part.filename, mimeType: part.mimetype }));
    reply.status(201);
    return stored;
  });
  r.get('/citizen/files/:sha256', {
    schema: { tags, summary: '查看自己上传的照片', params: z.object({ sha256: z.string().max(64) }) },
  }, async (req, reply) => {
    const o = await own(req);
    const f = await readUpload(db.orm, o.householdId, req.params.sha256);
    reply.type(f.mimeType).header('cache-control', 'private, max-age=3600');
    return reply.send(f.bytes);
  });

  r.get('/citizen/payments', { schema: { tags, summary: '我家的发放记录（按月）' } }, async (req) => myPayments(db.orm, await own(req)));
  r.get('/citizen/notices', { schema: { tags, summary: '站内信' } }, async (req) => listNotices(db.orm, (await own(req)).householdId));
  r.post('/citizen/notices/:id/read', { schema: { tags, summary: '标记已读', params: idParams } }, async (req, reply) => {
    if (!(await markRead(db.orm, (await own(req)).householdId, req.params.id))) throw new DomainError('NOTICE_NOT_FOUND', '没有这条消息', { status: 404 });
    return reply.status(204).send();
  });

  r.post('/citizen/help', { schema: { tags, summary: '我可能享受哪些帮扶（估算，不是决定）', body: helpAnswers } }, async (req) => suggestProgrammes(db.orm, registry, await own(req), req.body));
  r.get('/citizen/glossary', { schema: { tags, summary: '名词解释' } }, async () => ({ terms: GLOSSARY }));

  if (!deps.production && 'inbox' in sms) {
    r.get('/citizen/dev/sms', { schema: { tags, summary: '开发者短信收件箱（演示环境，生产环境不提供）' } }, async () => ({
      items: (sms as DemoSmsSender).inbox(),
    }));
  }
}
