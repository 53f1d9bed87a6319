import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, dispatchPending, getInstance, inTransaction, runNextJob, type Actor } from '#kernel';
import { receiveApplication, getApplication } from '#assistance';
import { buildHousehold, buildPlatform, buildUser } from '../../../test/factories';
import type { Platform } from '../../../apps/server/src/platform';
import { requestVerification, viewReport } from './requests.service';
import './query.job';
import { simulatedFacts } from '../sources/simulated.adapter';
import { ensureSources } from '../sources/sources.service';

const HOME = '140321100201';
let p: Platform;
let cw: Actor;
let other: Actor;

beforeAll(async () => {
  p = await buildPlatform();
  cw = await buildUser(p, 'township_caseworker', '140321100');
  other = await buildUser(p, 'township_caseworker', '140321101');
  await ensureSources(p.db.orm);
});
afterAll(async () => { await p?.close(); });

type Household = Awaited<ReturnType<typeof buildHousehold>>;
async function apply(h: Household, incomeFen = 60000) {
  return inTransaction(p.db, (tx) => receiveApplication(tx, { divisions: p.divisions }, cw, {
    programme: 'dibao', householdId: h.household.id, applicantPersonId: h.head.id,
    members: h.members.map((m) => ({ personId: m.id, included: true })),
    incomes: [{ personId: h.head.id, kind: 'wage', monthlyFen: incomeFen }],
    assets: { financialFen: 0, vehicles: 0, extraHousing: 0 },
    consents: h.members.filter((m) => m.birthDate < '2008-01-01').map((m) => ({ personId: m.id, kind: 'electronic', confirmedBy: m.name, confirmedAt: '2026-11-02T09:30:00+08:00' })),
    documents: ['application_form', 'household_register', 'id_cards', 'income_statement'].map((code) => ({ code })),
  } as never));
}
const drainJobs = async () => { while (await runNextJob(p.db)) { /* next */ } };
const counts = async () => (await p.db.pool.query(`select (select count(*) from verification.requests)::int r, (select count(*) from verification.queries)::int q, (select count(*) from kernel.jobs)::int j`)).rows[0];

describe('a verification request', () => {
  it('is refused when an adult has no consent on file, naming them, and changes nothing', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const app = await apply(h);
    // the spouse withdraws her consent after intake
    await p.db.pool.query(`update assistance.applications set consents = (select jsonb_agg(c) from jsonb_array_elements(consents) c where (c->>'personId')::int <> $1) where id = $2`, [h.members[1].id, app.id]);
    const before = await counts();
    const err = await inTransaction(p.db, (tx) => requestVerification(tx, cw, { applicationId: app.id })).catch((e) => e);
    expect(err.code).toBe('CONSENT_MISSING');
    expect(err.errors.map((e: { field: string }) => e.field)).toEqual([`consents.${h.members[1].id}`]);
    expect(err.message).toContain('李秀英');
    expect(await counts()).toEqual(before);
  });

  it('queries every source as jobs, compiles the report when the last answers, and moves the case on by itself', async () => {
    const h = await buildHousehold(p, HOME, 3);
    const app = await apply(h, 60000);
    const req = await inTransaction(p.db, (tx) => requestVerification(tx, cw, { applicationId: app.id, purpose: '低保申请核对' }));
    expect(req.reportNo).toMatch(/^HD\d{4}\d{6}$/);
    expect((await getInstance(p.db.orm, SYSTEM_ACTOR, app.instanceId!)).state).toBe('verifying');
    const { rows: qs } = await p.db.pool.query(`select status from verification.queries where request_id = $1`, [req.id]);
    expect(qs).toHaveLength(10);
    expect(qs.every((q) => q.status === 'queued')).toBe(true);
    await drainJobs();
    const { rows: [r] } = await p.db.pool.query(`select status, report, valid_until from verification.requests where id = $1`, [req.id]);
    expect(r.status).toBe('complete');
    expect(r.valid_until).toBeTruthy();
    // The report agrees with what the simulated departments hold on these people.
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const facts = h.members.flatMap((m) => ['tax', 'social_insurance', 'housing_fund', 'bank_deposits'].flatMap((s) => simulatedFacts(s, m, today)));
    const deposits = facts.filter((f) => f.kind === 'deposit' || f.kind === 'securities').reduce((s, f) => s + f.amountFen, 0);
    expect(r.report.totals.financialAssetsFen).toBe(deposits);
    expect(r.report.sources).toHaveLength(10);
    await dispatchPending(p.db);
    expect((await getInstance(p.db.orm, SYSTEM_ACTOR, app.instanceId!)).state).toBe('investigating');
    const after = await getApplication(p.db.orm, SYSTEM_ACTOR, app.id);
    expect(after.verification).toMatchObject({ method: 'report', reportId: req.id, reportNo: req.reportNo });
  });

  it('shows a report only within the jurisdiction, and audits each view with its purpose', async () => {
    const h = await buildHousehold(p, HOME, 2);
    const app = await apply(h);
    const req = await inTransaction(p.db, (tx) => requestVerification(tx, cw, { applicationId: app.id }));
    await drainJobs();
    const view = await inTransaction(p.db, (tx) => viewReport(tx, cw, req.id, '审核确认'));
    expect(view.request.status).toBe('complete');
    const outside = await inTransaction(p.db, (tx) => viewReport(tx, other, req.id, '查看')).catch((e) => e);
    expect(outside.code).toBe('REPORT_NOT_FOUND');
    const audit = await p.db.orm.execute(sql`select reason from kernel.audit_log where action = 'verification.report.viewed' and entity_id = ${String(req.id)}`);
    expect(audit.rows).toEqual([{ reason: '审核确认' }]);
  });
});
