import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dispatchPending, inTransaction, SYSTEM_ACTOR } from '#kernel';
import { setEntitlement } from '#payments';
import { buildApp } from '../../../apps/server/src/app';
import type { Platform } from '../../../apps/server/src/platform';
import { buildPlatform, buildUser } from '../../../test/factories';
import { signIn, type Session } from '../../../test/http';
import { DemoSmsSender } from '../signin/sms';
import { householdWithPhones, jpeg, lastCode, phoneSignIn, upload, type Phone } from '../testing/citizen.testing';

let p: Platform;
let app: FastifyInstance;
const sms = new DemoSmsSender();
let a: Awaited<ReturnType<typeof householdWithPhones>>;
let b: Awaited<ReturnType<typeof householdWithPhones>>;
let phoneA: Phone;
let phoneB: Phone;
let township: Session;
const shared: { applicationId?: number; sha?: string; noticeId?: number } = {};

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildApp(p, { logger: false, sms, citizenMinLatencyMs: 0 });
  a = await householdWithPhones(p);
  b = await householdWithPhones(p, '140321100201', ['赵国强', '钱玉兰', '赵小虎']);
  phoneA = await phoneSignIn(app, sms, a.head);
  phoneB = await phoneSignIn(app, sms, b.head);
  const staff = await buildUser(p, 'township_caseworker', '140321100');
  township = await signIn(app, staff.username, staff.password);
});
afterAll(async () => { await app?.close(); await p?.close(); });

const dibao = (photos: { code: string; fileSha256: string }[]) => ({
  programme: 'dibao',
  members: [a.head, a.spouse, a.child].map((m) => ({ personId: m.id, included: true })),
  incomes: [{ personId: a.spouse.id, kind: 'wage', monthlyFen: 30_000 }],
  assets: { financialFen: 100_000, vehicles: 0, extraHousing: 0 },
  photos, applicantAgrees: true,
});

describe('uploads from the phone', () => {
  it('stores a photo under the hash of its content', async () => {
    const bytes = jpeg('household-register');
    const res = await upload(app, phoneA, bytes);
    expect(res.statusCode).toBe(201);
    expect(res.json().sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    shared.sha = res.json().sha256;
    const back = await app.inject({ method: 'GET', url: `/api/v1/citizen/files/${shared.sha}`, headers: { cookie: phoneA.cookie } });
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(bytes)).toBe(true);
  });

  it('refuses files too large, of another type, or not what they claim to be', async () => {
    const big = Buffer.concat([jpeg('big'), Buffer.alloc(5 * 1024 * 1024)]);
    expect((await upload(app, phoneA, big)).json()).toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
    expect((await upload(app, phoneA, Buffer.from('%PDF-1.7\n%%EOF\n'), 'a.pdf', 'application/pdf')).json()).toMatchObject({ status: 415, code: 'FILE_TYPE_NOT_ALLOWED' });
    expect((await upload(app, phoneA, Buffer.from('MZ\x90\x00 not a photo'), 'a.jpg', 'image/jpeg')).json()).toMatchObject({ code: 'FILE_TYPE_MISMATCH' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/citizen/files', headers: { cookie: phoneA.cookie }, payload: {} })).statusCode).toBe(422);
  });
});

describe('applying online', () => {
  it('names every gap at once and saves nothing, when a photo or an adult\'s consent is missing', async () => {
    const res = await phoneA.post('/applications', dibao([{ code: 'household_register', fileSha256: shared.sha! }]));
    expect(res.statusCode).toBe(422);
    const codes = res.json().errors.map((e: { code: string }) => e.code);
    expect(codes).toContain('CONSENT_MISSING');
    expect(codes).toContain('DOCUMENT_MISSING');
    expect((await phoneA.get('/applications')).json().items).toHaveLength(0);
  });

  it('takes consent with a code sent to the member\'s own phone, and opens the case in the township inbox', async () => {
    const ask = await phoneA.post('/consents/code', { personId: a.spouse.id });
    expect(ask.statusCode).toBe(200);
    expect(ask.json().phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    const wrong = await phoneA.post('/consents/verify', { challengeId: ask.json().challengeId, code: '000000' === lastCode(sms, a.spouse.phone!) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    const ok = await phoneA.post('/consents/verify', { challengeId: ask.json().challengeId, code: lastCode(sms, a.spouse.phone!) });
    expect(ok.statusCode).toBe(200);
    expect((await phoneA.post('/consents/code', { personId: b.spouse.id })).statusCode).toBe(404); // not of my household

    const ids = await upload(app, phoneA, jpeg('id-cards'));
    const res = await phoneA.post('/applications', dibao([{ code: 'household_register', fileSha256: shared.sha! }, { code: 'id_cards', fileSha256: ids.json().sha256 }]));
    expect(res.statusCode, res.body).toBe(201);
    shared.applicationId = res.json().id;

    const inbox = (await township.get('/api/v1/inbox?pageSize=200')).json();
    const item = inbox.items.find((i: { subjectId: string; subjectType: string }) => i.subjectType === 'assistance_application' && Number(i.subjectId) === shared.applicationId);
    expect(item).toMatchObject({ title: expect.stringContaining('王德明'), state: 'accepted' });

    await dispatchPending(p.db);
    const notices = (await phoneA.get('/notices')).json();
    expect(notices.items[0]).toMatchObject({ title: expect.stringContaining('已收到申请'), applicationId: shared.applicationId, read: false });
    shared.noticeId = notices.items[0].id;

    const view = (await phoneA.get(`/applications/${shared.applicationId}`)).json();
    expect(view).toMatchObject({ programmeName: '最低生活保障', state: 'accepted', now: { title: '已收到申请' }, missing: [] });
    expect(view.steps[0]).toMatchObject({ title: '申请已提交并受理' });
    expect(view.deadlines.stepDueAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses a photo uploaded by another household', async () => {
    const res = await phoneB.post('/applications', { ...dibao([{ code: 'household_register', fileSha256: shared.sha! }]), members: [b.head, b.spouse, b.child].map((m) => ({ personId: m.id, included: true })), incomes: [] });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'photos.0', code: 'DOCUMENT_FILE_UNKNOWN' });
  });
});

describe('a citizen sees only their own household (IDOR sweep)', () => {
  it('answers not found for another household\'s application, file and notice, and shows only its own household and payments', async () => {
    const id = shared.applicationId!;
    expect((await phoneB.get(`/applications/${id}`)).statusCode).toBe(404);
    expect((await phoneB.post(`/applications/${id}/review`, { grounds: '不服' })).statusCode).toBe(404);
    expect((await phoneB.get(`/files/${shared.sha}`)).statusCode).toBe(404);
    expect((await phoneB.post(`/notices/${shared.noticeId}/read`)).statusCode).toBe(404);
    expect((await phoneB.post('/reports', { kind: 'complaint', applicationId: id, text: '看看别人的' })).statusCode).toBe(404);
    expect((await phoneB.get('/applications')).json().items).toHaveLength(0);
    expect((await phoneB.get('/notices')).json().items.every((n: { applicationId: number | null }) => n.applicationId !== id)).toBe(true);
    const hb = (await phoneB.get('/household')).json();
    expect(hb.id).toBe(b.household.id);
    expect(hb.members.map((m: { name: string }) => m.name).sort()).toEqual(['赵国强', '赵小虎', '钱玉兰'].sort());
    expect(JSON.stringify(hb)).not.toContain(b.head.idNumber);
    await inTransaction(p.db, (tx) => setEntitlement(tx, SYSTEM_ACTOR, {
      programme: 'dibao', householdId: a.household.id, divisionCode: '140321100201', monthlyAmountFen: 88_800, fromMonth: '2026-12',
      reason: '测试', sourceType: 'test', sourceId: 1,
    }));
    expect((await phoneA.get('/payments')).json().current).toEqual([expect.objectContaining({ monthlyAmountFen: 88_800 })]);
    expect((await phoneB.get('/payments')).json()).toMatchObject({ months: [], totalPaidFen: 0, current: [] });
    // ids in the request never choose the household: there is no household or person id to pass
    for (const url of [`/household?id=${a.household.id}`, `/payments?householdId=${a.household.id}`]) {
      expect((await phoneB.get(url)).body).not.toContain('王德明');
    }
    // and the owner still reads it
    expect((await phoneA.get(`/applications/${id}`)).statusCode).toBe(200);
    expect((await phoneA.post(`/notices/${shared.noticeId}/read`)).statusCode).toBe(204);
  });
});

describe('reporting a change', () => {
  it('becomes a task in the township inbox, and the answer comes back as a notice', async () => {
    const res = await phoneA.post('/reports', { kind: 'new_member', name: '王小花', relation: '孙女', since: '2026-10-01', reason: '出生' });
    expect(res.statusCode, res.body).toBe(201);
    const inbox = (await township.get('/api/v1/inbox?workflowKey=citizen.report')).json();
    const task = inbox.items.find((i: { instanceId: number }) => i.instanceId === res.json().instanceId);
    expect(task).toMatchObject({ title: '王德明 报告：家庭新增成员', actions: [{ name: 'answer' }] });
    const answered = await township.post(`/api/v1/workflow-instances/${task.instanceId}/transitions/answer`, { input: { reply: '已登记新增成员王小花，请带出生证明到村委会补办户口页复印件。' } });
    expect(answered.statusCode, answered.body).toBe(200);
    const notices = (await phoneA.get('/notices')).json().items;
    expect(notices[0]).toMatchObject({ title: expect.stringContaining('答复'), body: expect.stringContaining('王小花') });
    expect((await phoneA.get('/reports')).json().items[0]).toMatchObject({ kindName: '家庭新增成员', reply: expect.stringContaining('王小花') });
  });
});

describe('following a refused case', () => {
  it('shows the refusal with its reasons, takes a 复核 request in time, and sends a notice for each step', async () => {
    const id = shared.applicationId!;
    const county = await buildUser(p, 'county_approver', '140321');
    const approver = await signIn(app, county.username, county.password);
    const step = async (s: Session, name: string, input?: unknown) => {
      const r = await s.post(`/api/v1/assistance/applications/${id}/transitions/${name}`, input === undefined ? {} : { input });
      expect(r.statusCode, `${name}: ${r.body}`).toBe(200);
      return r.json();
    };
    await step(township, 'requestVerification');
    await step(township, 'attachReport', { sources: [{ source: 'bank_deposits', finding: '存款 9 万元', assetsFen: 9_000_000 }], totals: { monthlyIncomeFen: 30_000, financialAssetsFen: 9_000_000 } });
    await step(township, 'recordVisit', { visitedOn: '2026-11-02', investigators: [{ name: '赵立新', signed: true }, { name: '钱晓燕', signed: true }], findings: { housing: '楼房', livingConditions: '一般', incomeMatchesDeclaration: false } });
    const published = await step(township, 'publishNotice');
    await p.db.pool.query(`update kernel.workflow_instances set due_at = '2000-01-01' where id = $1`, [published.case.id]);
    await step(township, 'closeNotice');
    await step(approver, 'refuse', { reasons: '家庭金融资产超过规定标准' });

    const view = (await phoneA.get(`/applications/${id}`)).json();
    expect(view.decision).toMatchObject({ decision: 'refused', reasons: '家庭金融资产超过规定标准', mayRequestReview: true });
    expect(view.decision.reviewUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.steps.map((s: { state: string }) => s.state)).toEqual(expect.arrayContaining(['核对收入和财产', '上门了解情况', '公示', '没有批准']));

    const reviewed = await phoneA.post(`/applications/${id}/review`, { grounds: '存款中有 8 万元是给孩子看病借的钱' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ state: 'rechecking', now: { title: '复核中' }, decision: null });
    expect((await phoneA.post(`/applications/${id}/review`, { grounds: '再来一次' })).json().code).toBe('ONLINE_REVIEW_NOT_REFUSED');

    await dispatchPending(p.db);
    const titles = (await phoneA.get('/notices')).json().items.map((n: { title: string }) => n.title);
    expect(titles).toEqual(expect.arrayContaining(['最低生活保障申请：没有批准', '最低生活保障申请：复核中', '最低生活保障申请：公示']));
    const refusal = (await phoneA.get('/notices')).json().items.find((n: { title: string }) => n.title.endsWith('没有批准'));
    expect(refusal.body).toContain('家庭金融资产超过规定标准');
    expect(refusal.body).toMatch(/可以在 \d{4}-\d{2}-\d{2} 前在手机上申请复核/);
  });
});

describe('which help may I have', () => {
  it('estimates each likely programme with the calculator and its explanation', async () => {
    const res = await phoneB.post('/help', { monthlyIncomeYuan: 100, savingsYuan: 0, suddenHardship: true });
    expect(res.statusCode, res.body).toBe(200);
    const { items, members } = res.json();
    expect(members).toBe(3);
    const dibao = items.find((i: { programme: string }) => i.programme === 'dibao');
    expect(dibao).toMatchObject({ likely: true, applyOnline: true });
    expect(dibao.monthlyAmountFen).toBeGreaterThan(0);
    expect(dibao.explanation.join('')).toContain('元');
    expect(items.map((i: { programme: string }) => i.programme)).toContain('temporary');
    const rich = (await phoneB.post('/help', { monthlyIncomeYuan: 20_000 })).json().items[0];
    expect(rich).toMatchObject({ programme: 'dibao', likely: false });
  });
});

describe('applying for tekun from the phone', () => {
  it('takes the applicant\'s care and supporter facts, with the tekun checklist', async () => {
    const { createHousehold } = await import('#registry');
    const { personWithPhone } = await import('../testing/citizen.testing');
    const old = await personWithPhone(p, '孙德胜');
    await inTransaction(p.db, (tx) => createHousehold(tx, p.registry, SYSTEM_ACTOR, { headPersonId: old.id, formedOn: '1990-01-01' }));
    const phone = await phoneSignIn(app, sms, old);
    const photo = async (tag: string) => (await upload(app, phone, jpeg(tag))).json().sha256 as string;
    const body = {
      programme: 'tekun', members: [{ personId: old.id, included: true }], incomes: [], assets: { financialFen: 0, vehicles: 0, extraHousing: 0 },
      photos: [{ code: 'household_register', fileSha256: await photo('hr') }, { code: 'id_cards', fileSha256: await photo('id') }],
      tekun: { mode: 'home_based', orphan: false, supporters: [{ name: '孙小军', relation: '儿子', status: 'missing' }] },
      applicantAgrees: true,
    };
    const incomplete = await phone.post('/applications', body);
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().errors.map((e: { field: string }) => e.field)).toContain('documents.supporter_statement');
    const res = await phone.post('/applications', { ...body, photos: [...body.photos, { code: 'supporter_statement', fileSha256: await photo('ss') }] });
    expect(res.statusCode, res.body).toBe(201);
    const view = (await phone.get(`/applications/${res.json().id}`)).json();
    expect(view).toMatchObject({ programmeName: '特困人员救助供养', missing: [], now: { title: '已收到申请' } });
  });
});
