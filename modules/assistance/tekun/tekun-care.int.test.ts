// A completed capability assessment (elderly.assessed) re-grades an enrolled tekun person's care: the
// mapped grade on the application and the case history, the new tekun_care amount from the month after
// the assessment (or the first month the county has not signed), idempotent on redelivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, dispatchPending, inTransaction, maskIdNumber, todayInChina } from '#kernel';
import { createHousehold, createPerson } from '#registry';
import { firstOpenMonth, listEntitlements, monthOf, nextMonth, runPayroll, setEntitlement, signPayroll } from '#payments';
import { ITEMS } from '#elderly';
import { personInput } from '../../../test/factories';
import type { Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { closeProcedureApp, electronicConsent, openProcedureApp, step, VERIFICATION } from '../procedure.testing';
import { capabilityAssessed, careGradeOfLevel } from './tekun-care.service';
import { applications } from '../schema';

const HOME = '140321100201';
const TODAY = todayInChina();
const NEXT = nextMonth(monthOf(TODAY));
const API = '/api/v1/assistance';

let p: Platform;
let app: FastifyInstance;
let cw: Session;
let county: Session;

beforeAll(async () => ({ p, app, cw, county } = await openProcedureApp()));
afterAll(() => closeProcedureApp({ p, app }));

/** A 76-year-old living alone. */
const elder = () => inTransaction(p.db, async (tx) => {
  const person = await createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ name: '张桂兰', divisionCode: HOME, birthDate: `${Number(TODAY.slice(0, 4)) - 76}-03-15`, gender: 'F' }));
  const household = await createHousehold(tx, p.registry, SYSTEM_ACTOR, { headPersonId: person.id, formedOn: '2000-01-01' });
  return { person, household };
});

const ABLE = { eating: true, dressing: true, transferring: true, toileting: true, walking: true, bathing: true };

/** Accepted, verified, investigated as fully self-caring, noticed and confirmed by the county. */
async function enrolledTekun(person: { id: number; name: string }, householdId: number) {
  const res = await cw.post(`${API}/applications`, {
    programme: 'tekun', householdId, applicantPersonId: person.id, members: [{ personId: person.id, included: true }],
    incomes: [], assets: { financialFen: 200000 }, consents: [electronicConsent(person)],
    documents: ['application_form', 'household_register', 'id_cards', 'income_statement', 'supporter_statement'].map((code) => ({ code })),
    tekun: { mode: 'home_based', supporters: [], orphan: false },
  });
  expect(res.statusCode, res.body).toBe(201);
  const { id, instanceId } = res.json() as { id: number; instanceId: number };
  const investigation = {
    visitedOn: TODAY, investigators: [{ name: '赵立新', signed: true }, { name: '钱晓燕', signed: true }],
    findings: { housing: '自有平房一间', livingConditions: '独居', supporters: '无法定赡养义务人' }, careAssessment: ABLE, mode: 'home_based',
  };
  for (const [name, input] of [['requestVerification'], ['attachReport', VERIFICATION], ['recordInvestigation', investigation], ['publishNotice']] as const) {
    const r = await step(cw, id, name, input);
    expect(r.statusCode, `${name}: ${r.body}`).toBe(200);
  }
  await p.db.pool.query(`update kernel.workflow_instances set due_at = '2000-01-01' where id = $1`, [instanceId]);
  expect((await step(cw, id, 'closeNotice')).statusCode).toBe(200);
  const ok = await step(county, id, 'approve');
  expect(ok.statusCode, ok.body).toBe(200);
  return { id, instanceId };
}

const answers = (score: (max: number) => number) => Object.fromEntries(ITEMS.map((i) => [i.key, score(i.max)]));
async function assess(personId: number, a: Record<string, number>) {
  const res = await cw.post('/api/v1/elderly/assessments', {
    personId, assessedOn: TODAY, reason: 'immediate', assessors: [{ name: '李评估' }, { name: '王评估' }],
    answers: a, dementia: false, psychiatricDiagnosis: false, riskEvents30d: { fall: 0, choking: 0, selfHarm: 0, wandering: 0, other: 0 }, coma: false,
  });
  expect(res.statusCode, res.body).toBe(200);
  await dispatchPending(p.db);
  return res.json() as { id: number; level: number };
}

/** The care part the calculator gives for a grade in `month`. */
async function careFen(grade: string, month: string) {
  const r = (await cw.post(`${API}/calculate`, {
    programme: 'tekun', divisionCode: HOME, urbanRural: 'rural', month, members: [{ age: 76 }], assets: { financialFen: 200000 },
    tekun: { mode: 'home_based', careGrade: grade, supporters: [] },
  })).json();
  return r.explanation.find((s: { values?: { minimumWageFen?: number } }) => s.values?.minimumWageFen !== undefined).amountFen as number;
}

const careRows = async (householdId: number) => (await listEntitlements(p.db.orm, SYSTEM_ACTOR, householdId))
  .filter((e) => e.programme === 'tekun_care' && !e.withdrawnAt)
  .map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen]).sort();
const history = async (id: number) => (await cw.get(`${API}/applications/${id}`)).json();

describe('the care-grade mapping', () => {
  it('maps GB/T 42195 levels to the tekun care grades by the dated parameter', async () => {
    const grades = await inTransaction(p.db, async (tx) => Promise.all([0, 1, 2, 3, 4].map((l) => careGradeOfLevel(tx, HOME, TODAY, l))));
    expect(grades).toEqual(['self_caring', 'partly_dependent', 'partly_dependent', 'fully_dependent', 'fully_dependent']);
  });
});

describe('an enrolled tekun person is assessed', () => {
  it('re-grades the care from next month, shows it on the case and the application, and pays the new care standard', async () => {
    const { person, household } = await elder();
    const e = await enrolledTekun(person, household.id);
    const selfCaring = await careFen('self_caring', NEXT);
    expect(await careRows(household.id)).toEqual([[NEXT, null, selfCaring]]);
    const basicBefore = (await listEntitlements(p.db.orm, SYSTEM_ACTOR, household.id)).find((x) => x.programme === 'tekun' && !x.withdrawnAt)!;

    const a = await assess(person.id, answers(() => 0)); // every item 0: 完全失能
    expect(a.level).toBe(4);
    const full = await careFen('fully_dependent', NEXT);
    expect(full).toBeGreaterThan(selfCaring);
    expect(await careRows(household.id)).toEqual([[NEXT, null, full]]);
    const basicAfter = (await listEntitlements(p.db.orm, SYSTEM_ACTOR, household.id)).filter((x) => x.programme === 'tekun' && !x.withdrawnAt);
    expect(basicAfter.map((x) => [x.id, x.monthlyAmountFen])).toEqual([[basicBefore.id, basicBefore.monthlyAmountFen]]);

    const after = await history(e.id);
    expect(after.details).toMatchObject({ careGrade: 'fully_dependent', careGradeSource: { assessmentId: a.id, level: 4, fromMonth: NEXT } });
    expect(after.details.careGradeText).toContain('完全失能');
    expect(after.case.state).toBe('enrolled');
    const regrade = after.case.history.filter((h: { name: string }) => h.name === 'regradeCare');
    expect(regrade).toHaveLength(1);
    expect(after.calculation.explanation.map((s: { text: string }) => s.text).join('\n')).toContain('完全丧失生活自理能力');

    // the same event delivered again changes nothing
    await inTransaction(p.db, (tx) => capabilityAssessed(tx, { assessmentId: a.id, personId: person.id, level: 4, assessedOn: TODAY }));
    expect((await history(e.id)).case.history.filter((h: { name: string }) => h.name === 'regradeCare')).toHaveLength(1);
    expect(await careRows(household.id)).toEqual([[NEXT, null, full]]);
  });

  it('after the county signed next month, a changed grade is paid from the month after; an unchanged one is recorded only', async () => {
    const { person, household } = await elder();
    const e = await enrolledTekun(person, household.id);
    const run = await runPayroll(p.db, SYSTEM_ACTOR, { month: NEXT, countyCode: HOME.slice(0, 6) });
    await inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, run.runId));
    const later = nextMonth(NEXT);

    const same = await assess(person.id, answers((max) => max)); // every item at its best: 能力完好
    expect(same.level).toBe(0);
    const selfCaring = await careFen('self_caring', NEXT);
    expect(await careRows(household.id)).toEqual([[NEXT, null, selfCaring]]);
    expect((await history(e.id)).details).toMatchObject({ careGrade: 'self_caring', careGradeSource: { assessmentId: same.id, level: 0 } });

    const worse = await assess(person.id, answers(() => 0));
    const full = await careFen('fully_dependent', later);
    expect(await careRows(household.id)).toEqual([[NEXT, NEXT, selfCaring], [later, null, full]]);
    const h = (await history(e.id)).case.history.filter((x: { name: string }) => x.name === 'regradeCare');
    expect(h.map((x: { input: { assessmentId: number } }) => x.input.assessmentId)).toEqual([same.id, worse.id]);
  });

  it('re-grades someone enrolled before the platform (no case): the application and the audit log keep it', async () => {
    const { person, household } = await elder();
    const from = await firstOpenMonth(p.db.orm, HOME, NEXT); // an earlier test may have signed next month
    const selfCaring = await careFen('self_caring', from);
    const [row] = await p.db.orm.insert(applications).values({
      programme: 'tekun', householdId: household.id, applicantPersonId: person.id, applicantName: person.name, applicantIdMasked: maskIdNumber(person.idNumber),
      divisionCode: HOME, urbanRural: 'rural', receivingDivisionCode: HOME.slice(0, 9), receivedByName: '系统',
      members: [{ personId: person.id, name: person.name, idNumberMasked: 'x', age: 76, included: true }], incomes: [], assets: {}, consents: [], documents: [],
      details: { mode: 'home_based', careGrade: 'self_caring', supporters: [], orphan: false }, decision: 'approved', fromMonth: from,
    }).returning();
    await inTransaction(p.db, async (tx) => {
      for (const [programme, fen] of [['tekun', 60_000], ['tekun_care', selfCaring]] as const) {
        await setEntitlement(tx, SYSTEM_ACTOR, { programme, householdId: household.id, personId: person.id, divisionCode: HOME, monthlyAmountFen: fen, fromMonth: from, reason: '认定', sourceType: 'assistance_application', sourceId: row.id });
      }
    });
    const a = await assess(person.id, answers(() => 0));
    expect(await careRows(household.id)).toEqual([[from, null, await careFen('fully_dependent', from)]]);
    const after = (await history(row.id));
    expect(after).toMatchObject({ case: null, details: { careGrade: 'fully_dependent', careGradeSource: { assessmentId: a.id } } });
    const audit = await p.db.pool.query(`SELECT reason FROM kernel.audit_log WHERE action = 'assistance.tekun.careRegraded' AND entity_id = $1`, [String(row.id)]);
    expect(audit.rows.map((r: { reason: string }) => r.reason).join()).toContain('完全丧失生活自理能力');
  });

  it('leaves alone someone assessed who is not a tekun person', async () => {
    const { person, household } = await elder();
    await assess(person.id, answers(() => 0));
    expect(await listEntitlements(p.db.orm, SYSTEM_ACTOR, household.id)).toEqual([]);
  });
});
