// /api/v1/payments over HTTP: running as a job with progress, review, signing, jurisdiction, the
// bank file and the public roster, the bank's return and the combined history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { buildPlatform, buildUser } from '../../test/factories';
import { buildTestApp, signIn, type Session } from '../../test/http';
import type { Platform } from '../../apps/server/src/platform';
import { entitle, payee } from './payments.testing';

let p: Platform;
let app: FastifyInstance;
const s: Record<'approver' | 'otherApprover' | 'township' | 'leader' | 'admin', Session> = {} as never;
const homes: Record<string, Awaited<ReturnType<typeof payee>>> = {};
let runId: number;

const MONTH = '2025-03';

async function waitForJob(session: Session, jobId: number) {
  for (let i = 0; i < 200; i++) {
    const res = await session.get(`/api/v1/payments/jobs/${jobId}`);
    const body = res.json();
    if (body.status === 'succeeded' || body.status === 'failed') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('payroll job did not finish');
}

async function sheetOf(body: Buffer, index = 0) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[index];
}

const rowsOf = (ws: ExcelJS.Worksheet, from: number) => {
  const out: string[][] = [];
  for (let r = from; r <= ws.rowCount; r++) out.push((ws.getRow(r).values as unknown[]).slice(1).map((v) => String(v ?? '')));
  return out;
};

function multipart(fileName: string, content: Buffer) {
  const boundary = '----mzpayments';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(session: Session, url: string, fileName: string, content: Buffer) {
  const { payload, headers } = multipart(fileName, content);
  return app.inject({ method: 'POST', url, payload, headers: { ...headers, cookie: session.cookie } });
}

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const users = {
    approver: await buildUser(p, 'county_approver', '140321'),
    otherApprover: await buildUser(p, 'county_approver', '140302'),
    township: await buildUser(p, 'township_caseworker', '140321100'),
    leader: await buildUser(p, 'leader', '1403'),
    admin: await buildUser(p, 'city_admin', '1403'),
  };
  for (const [k, u] of Object.entries(users)) s[k as keyof typeof s] = await signIn(app, u.username, u.password);
  homes.a = await payee(p, '140321100201');
  homes.b = await payee(p, '140321100202');
  homes.c = await payee(p, '140321101001');
  homes.otherCounty = await payee(p, '140302001001');
  await entitle(p, homes.a, 'dibao', 116100, MONTH);
  await entitle(p, homes.a, 'price_linkage', 3000, MONTH, { toMonth: MONTH });
  await entitle(p, homes.b, 'tekun', 76700, MONTH);
  await entitle(p, homes.c, 'dibao', 58750, MONTH);
  await entitle(p, homes.otherCounty, 'dibao', 50000, MONTH);
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('running and signing over HTTP', () => {
  it('runs as a job whose progress streams as server-sent events and ends with the totals', async () => {
    const res = await s.approver.post('/api/v1/payments/runs', { month: MONTH, countyCode: '140321' });
    expect(res.statusCode).toBe(202);
    const { jobId } = res.json();
    const events = await s.approver.get(`/api/v1/payments/jobs/${jobId}/events`);
    expect(events.headers['content-type']).toContain('text/event-stream');
    const messages = events.body.split('\n\n').filter((m) => m.startsWith('data: ')).map((m) => JSON.parse(m.slice(6)));
    const last = messages.at(-1);
    expect(last).toMatchObject({ status: 'succeeded', phase: 'succeeded', total: 3, done: 3 });
    expect(messages.every((m) => ['queued', 'compute', 'persist', 'diff', 'succeeded'].includes(m.phase))).toBe(true);
    runId = last.result.runId;
    expect(last.result.summary).toMatchObject({ lines: 4, totalFen: 116100 + 3000 + 76700 + 58750, counts: { new: 4 } });
    const job = await waitForJob(s.approver, jobId);
    expect(job.result.runId).toBe(runId);
  });

  it('shows the run with totals per programme and pages of masked lines, filtered', async () => {
    const run = (await s.approver.get(`/api/v1/payments/runs/${runId}`)).json();
    expect(run).toMatchObject({ status: 'draft', month: MONTH, countyCode: '140321', scope: '140321' });
    expect(run.summary.byProgramme.map((t: { programme: string; totalFen: number }) => [t.programme, t.totalFen]))
      .toEqual([['dibao', 174850], ['price_linkage', 3000], ['tekun', 76700]]);
    const page = (await s.approver.get(`/api/v1/payments/runs/${runId}/lines?programme=dibao&change=new&pageSize=1`)).json();
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0].headIdNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(page.items[0].bankAccount).toContain('****');
  });

  it('gives a township caseworker their part only, and no signing', async () => {
    const run = (await s.township.get(`/api/v1/payments/runs/${runId}`)).json();
    expect(run.scope).toBe('140321100');
    expect(run.summary.totalFen).toBe(116100 + 3000 + 76700);
    const lines = (await s.township.get(`/api/v1/payments/runs/${runId}/lines`)).json();
    expect(lines.items.map((l: { householdId: number }) => l.householdId)).not.toContain(homes.c.householdId);
    expect((await s.township.post(`/api/v1/payments/runs/${runId}/sign`)).statusCode).toBe(403);
    expect((await s.township.get(`/api/v1/payments/runs/${runId}/bank-file.csv`)).statusCode).toBe(403);
    expect((await s.township.post('/api/v1/payments/runs', { month: MONTH, countyCode: '140321' })).statusCode).toBe(403);
  });

  it("hides a county's payroll from another county's approver: 404 to see, sign, export or run it", async () => {
    expect((await s.otherApprover.get(`/api/v1/payments/runs/${runId}`)).statusCode).toBe(404);
    expect((await s.otherApprover.get(`/api/v1/payments/runs/${runId}/lines`)).statusCode).toBe(404);
    expect((await s.otherApprover.post(`/api/v1/payments/runs/${runId}/sign`)).statusCode).toBe(404);
    expect((await s.otherApprover.get(`/api/v1/payments/runs/${runId}/roster.xlsx`)).statusCode).toBe(404);
    expect((await s.otherApprover.post('/api/v1/payments/runs', { month: MONTH, countyCode: '140321' })).statusCode).toBe(404);
    expect((await s.otherApprover.get(`/api/v1/payments/households/${homes.a.householdId}/history`)).statusCode).toBe(404);
    expect((await s.otherApprover.get('/api/v1/payments/runs')).json().items).toEqual([]);
  });

  it('refuses the bank file of an unsigned payroll, lets leaders read but not sign', async () => {
    expect((await s.approver.get(`/api/v1/payments/runs/${runId}/bank-file.xlsx`)).json()).toMatchObject({ code: 'PAYROLL_NOT_SIGNED' });
    expect((await s.leader.get(`/api/v1/payments/runs/${runId}`)).statusCode).toBe(200);
    expect((await s.leader.post(`/api/v1/payments/runs/${runId}/sign`)).statusCode).toBe(403);
  });

  it('signs, emits payroll.signed, and refuses a second run of the month', async () => {
    const res = await s.approver.post(`/api/v1/payments/runs/${runId}/sign`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'signed', signedAt: expect.any(String) });
    const again = await s.approver.post('/api/v1/payments/runs', { month: MONTH, countyCode: '140321' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PAYROLL_ALREADY_SIGNED');
    const { rows } = await p.db.orm.execute(sql`SELECT count(*)::int AS n FROM kernel.outbox WHERE type = 'payroll.signed' AND aggregate_id = ${String(runId)}`);
    expect(rows[0]).toEqual({ n: 1 });
  });
});

describe('exports', () => {
  it('writes the bank file with full ID numbers and accounts, amounts in yuan, and audits it', async () => {
    const res = await s.approver.get(`/api/v1/payments/runs/${runId}/bank-file.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-export-rows']).toBe('4');
    const ws = await sheetOf(res.rawPayload);
    expect(rowsOf(ws, 1)[0]).toEqual(['序号', '户主姓名', '身份证号', '开户银行', '银行账号', '金额(元)', '项目', '所属乡镇/村']);
    const rows = rowsOf(ws, 2);
    expect(rows).toHaveLength(4);
    const a = homes.a;
    expect(rows.filter((r) => r[4] === a.account)).toEqual([
      [expect.any(String), '王德明', a.head.idNumber, '中国农业银行平定支行', a.account, '1161.00', '最低生活保障', expect.stringMatching(/^冠山镇 /)],
      [expect.any(String), '王德明', a.head.idNumber, '中国农业银行平定支行', a.account, '30.00', '价格临时补贴', expect.stringMatching(/^冠山镇 /)],
    ]);
    expect(rows.find((r) => r[4] === homes.c.account)?.[5]).toBe('587.50');
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4']);
    const summary = await sheetOf(res.rawPayload, 1);
    expect(JSON.stringify(summary.getSheetValues())).toContain('2545.50');
    const { rows: audit } = await p.db.orm.execute(sql`SELECT after FROM kernel.audit_log WHERE action = 'payroll.bank_file_exported' ORDER BY id DESC LIMIT 1`);
    expect(audit[0]).toMatchObject({ after: { format: 'xlsx', rows: 4, totalFen: 254550 } });
  });

  it('writes the same rows as CSV (UTF-8 with BOM) for banks that take text files', async () => {
    const res = await s.approver.get(`/api/v1/payments/runs/${runId}/bank-file.csv`);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\uFEFF序号,户主姓名,身份证号,开户银行,银行账号,金额(元),项目,所属乡镇/村\r\n')).toBe(true);
    const lines = res.body.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes(homes.b.account))).toBe(`${lines.findIndex((l) => l.includes(homes.b.account))},王德明,${homes.b.head.idNumber},中国农业银行平定支行,${homes.b.account},767.00,特困人员救助供养,${p.divisions.fullName('140321100202', 4)}`);
  });

  it('writes the public roster with masked ID numbers and no bank accounts, for the reader’s part', async () => {
    const res = await s.township.get(`/api/v1/payments/runs/${runId}/roster.xlsx`);
    expect(res.statusCode).toBe(200);
    const ws = await sheetOf(res.rawPayload);
    const all = JSON.stringify(ws.getSheetValues());
    for (const h of Object.values(homes)) {
      expect(all).not.toContain(h.head.idNumber);
      expect(all).not.toContain(h.account);
    }
    expect(rowsOf(ws, 4)[0]).toEqual(['序号', '户主姓名', '身份证号', '项目', '金额(元)', '所属乡镇/村']);
    const rows = rowsOf(ws, 5);
    expect(rows).toHaveLength(3); // homes.c is in another township
    expect(rows[0][2]).toBe(`${homes.a.head.idNumber.slice(0, 6)}********${homes.a.head.idNumber.slice(14)}`);
    expect(String(ws.getCell('A2').value)).toContain('共 3 笔');
  });
});

describe('bank return', () => {
  it('flags failed lines, reports unknown accounts and amount mismatches by row, and is idempotent', async () => {
    const csv = [
      '银行账号,金额,状态,失败原因',
      `${homes.a.account},1161.00,成功,`,
      `${homes.a.account},30.00,失败,账户已冻结`,
      `${homes.b.account},767.00,成功,`,
      '6228480099999999999,100.00,成功,',
      `${homes.c.account},500.00,成功,`,
    ].join('\r\n');
    const res = await upload(s.approver, `/api/v1/payments/runs/${runId}/returns`, 'return.csv', Buffer.from(csv));
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ rows: 5, succeeded: 2, failed: 1, flagged: 1, alreadyFlagged: 0, unreported: 1 });
    expect(report.problems.map((x: { row: number; code: string }) => [x.row, x.code])).toEqual([[5, 'UNKNOWN_ACCOUNT'], [6, 'AMOUNT_MISMATCH']]);
    expect(report.problems[1].message).toContain('587.50');
    const again = (await upload(s.approver, `/api/v1/payments/runs/${runId}/returns`, 'return.csv', Buffer.from(csv))).json();
    expect(again).toMatchObject({ failed: 1, flagged: 0, alreadyFlagged: 1 });
    const failures = (await s.township.get('/api/v1/payments/failures?status=open')).json();
    expect(failures.items).toEqual([expect.objectContaining({ householdId: homes.a.householdId, programme: 'price_linkage', amountFen: 3000, reason: '账户已冻结', status: 'open' })]);
    expect((await s.otherApprover.get('/api/v1/payments/failures')).json().items).toEqual([]);
  });

  it('refuses a file without the expected headers and changes nothing', async () => {
    const res = await upload(s.approver, `/api/v1/payments/runs/${runId}/returns`, 'return.csv', Buffer.from('a,b\r\n1,2'));
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('RETURN_FILE_INVALID');
  });

  it("shows one combined history with the open failure, and resolves it", async () => {
    const history = (await s.township.get(`/api/v1/payments/households/${homes.a.householdId}/history`)).json();
    expect(history.paid.map((l: { month: string; programme: string; amountFen: number; failed: boolean }) => [l.month, l.programme, l.amountFen, l.failed]))
      .toEqual([[MONTH, 'dibao', 116100, false], [MONTH, 'price_linkage', 3000, true]]);
    expect(history.totalPaidFen).toBe(116100);
    expect(history.openFailures).toEqual([expect.objectContaining({ programme: 'price_linkage', reason: '账户已冻结' })]);
    expect((await s.township.get(`/api/v1/payments/households/${homes.c.householdId}/history`)).statusCode).toBe(404);
    const id = history.openFailures[0].id;
    expect((await s.township.post(`/api/v1/payments/failures/${id}/resolve`, { resolution: '已更正账号' })).statusCode).toBe(403);
    expect((await s.approver.post(`/api/v1/payments/failures/${id}/resolve`, { resolution: '已更正账号，下月补发' })).json()).toMatchObject({ status: 'resolved' });
    const after = (await s.township.get(`/api/v1/payments/households/${homes.a.householdId}/history`)).json();
    expect(after.openFailures).toEqual([]);
  });

  it('takes an adjustment for next month over HTTP, refusing a signed month', async () => {
    const body = { householdId: homes.a.householdId, programme: 'price_linkage', amountFen: 3000, reason: '3月发放失败，补发' };
    expect((await s.approver.post('/api/v1/payments/adjustments', { ...body, month: MONTH })).json().code).toBe('PAYROLL_MONTH_SIGNED');
    expect((await s.approver.post('/api/v1/payments/adjustments', { ...body, month: '2025-04' })).statusCode).toBe(201);
    expect((await s.township.post('/api/v1/payments/adjustments', { ...body, month: '2025-04' })).statusCode).toBe(403);
    expect((await s.otherApprover.post('/api/v1/payments/adjustments', { ...body, month: '2025-04' })).statusCode).toBe(404);
  });
});
