// Home adaptation: eligibility from the records, the 7 basic items, start, acceptance, refusals,
// and each accepted home counted by the elderly indicators toward the plan's 300.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, inTransaction, todayInChina } from '#kernel';
import { createHousehold, createPerson } from '#registry';
import { setEntitlement } from '#payments';
import { buildPlatform, buildUser, personInput } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { computeIndicatorReport } from '../indicators/indicators.service';

let p: Platform;
let app: FastifyInstance;
let cw: Session;
let other: Session;
const VILLAGE = '140321100201';
const today = todayInChina();
const yearsAgo = (n: number) => `${Number(today.slice(0, 4)) - n}-02-10`;

async function household(name: string, birthDate: string, opts: { dibao?: boolean; disabled?: boolean } = {}) {
  return inTransaction(p.db, async (tx) => {
    const input = personInput({ name, divisionCode: VILLAGE, birthDate });
    if (opts.disabled) input.disability = { category: 'physical', grade: 2, certificateNo: `${input.idNumber}42` };
    const person = await createPerson(tx, p.registry, SYSTEM_ACTOR, input);
    const h = await createHousehold(tx, p.registry, SYSTEM_ACTOR, { headPersonId: person.id, formedOn: '2000-01-01' });
    if (opts.dibao) {
      await setEntitlement(tx, SYSTEM_ACTOR, { programme: 'dibao', householdId: h.id, divisionCode: VILLAGE, monthlyAmountFen: 50000, fromMonth: '2020-01', reason: '测试：低保', sourceType: 'test', sourceId: h.id });
    }
    return { person, household: h };
  });
}

let old: Awaited<ReturnType<typeof household>>;
let disabled: Awaited<ReturnType<typeof household>>;
let notPoor: Awaited<ReturnType<typeof household>>;
let young: Awaited<ReturnType<typeof household>>;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const u = await buildUser(p, 'township_caseworker', '140321100');
  cw = await signIn(app, u.username, u.password);
  const o = await buildUser(p, 'township_caseworker', '140321101');
  other = await signIn(app, o.username, o.password);
  old = await household('冯高龄', yearsAgo(83), { dibao: true });
  disabled = await household('陈残疾', yearsAgo(67), { dibao: true, disabled: true });
  notPoor = await household('褚富足', yearsAgo(88));
  young = await household('卫低保', yearsAgo(70), { dibao: true });
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('home adaptation', () => {
  it('explains eligibility from the records without saving', async () => {
    expect((await cw.get(`/api/v1/elderly/adaptations/eligibility/${old.person.id}`)).json()).toMatchObject({ eligible: true, grounds: ['dibao', 'advanced_age'] });
    expect((await cw.get(`/api/v1/elderly/adaptations/eligibility/${disabled.person.id}`)).json()).toMatchObject({ eligible: true, grounds: ['dibao', 'disabled'] });
    expect((await cw.get(`/api/v1/elderly/adaptations/eligibility/${notPoor.person.id}`)).json()).toMatchObject({ eligible: false, grounds: ['advanced_age'] });
  });

  it('refuses a household not in difficulty, and an older person who is neither old-old, disabled nor incapacitated', async () => {
    const a = await cw.post('/api/v1/elderly/adaptations', { personId: notPoor.person.id, items: ['grabBars'], appliedOn: today });
    expect(a.statusCode).toBe(422);
    expect(a.json()).toMatchObject({ code: 'ADAPTATION_NOT_ELIGIBLE' });
    expect(a.json().title).toContain('褚富足');
    const b = await cw.post('/api/v1/elderly/adaptations', { personId: young.person.id, items: ['grabBars'], appliedOn: today });
    expect(b.json()).toMatchObject({ code: 'ADAPTATION_NOT_ELIGIBLE' });
    const c = await cw.post('/api/v1/elderly/adaptations', { personId: old.person.id, items: ['jacuzzi'], appliedOn: today });
    expect(c.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await p.db.pool.query('select count(*)::int as n from elderly.adaptations')).rows[0].n).toBe(0);
  });

  it('applies, starts and accepts; the accepted home counts toward the plan; a second application for the household is refused', async () => {
    const before = await computeIndicatorReport(p.db.orm, SYSTEM_ACTOR, today);
    const applied = await cw.post('/api/v1/elderly/adaptations', { personId: old.person.id, items: ['antiSlipFloor', 'grabBars', 'showerChair'], appliedOn: today });
    expect(applied.json()).toMatchObject({ status: 'applied', grounds: ['dibao', 'advanced_age'] });
    const id = applied.json().id;
    expect((await cw.post('/api/v1/elderly/adaptations', { personId: old.person.id, items: ['ramp'], appliedOn: today })).json()).toMatchObject({ code: 'ADAPTATION_EXISTS' });
    expect((await cw.post(`/api/v1/elderly/adaptations/${id}/accept`, { acceptedOn: today, acceptedBy: '冠山镇民政办 李', spendFen: 320000 })).json()).toMatchObject({ code: 'ADAPTATION_STATUS' });
    expect((await other.post(`/api/v1/elderly/adaptations/${id}/start`, { contractor: '阳泉市安居适老装饰有限公司', startedOn: today })).statusCode).toBe(404);
    expect((await cw.post(`/api/v1/elderly/adaptations/${id}/start`, { contractor: '阳泉市安居适老装饰有限公司', startedOn: today })).json()).toMatchObject({ status: 'in_progress' });
    const acc = await cw.post(`/api/v1/elderly/adaptations/${id}/accept`, { acceptedOn: today, acceptedBy: '冠山镇民政办 李', spendFen: 320000 });
    expect(acc.json()).toMatchObject({ status: 'accepted', spendFen: 320000, acceptedBy: '冠山镇民政办 李' });
    const after = await computeIndicatorReport(p.db.orm, SYSTEM_ACTOR, today);
    expect(after.counts.adaptedHomes).toBe(before.counts.adaptedHomes + 1);
    expect((await cw.get('/api/v1/elderly/adaptations/progress')).json()).toMatchObject({ target: 300, accepted: 1, spendFen: 320000 });
    const list = await cw.get('/api/v1/elderly/adaptations?status=accepted');
    expect(list.json().rows[0]).toMatchObject({ name: '冯高龄', itemLabels: ['地面防滑处理', '如厕、洗浴扶手', '淋浴椅（洗澡椅）'], groundLabels: ['低保', '高龄（80 周岁以上）'] });
    expect((await other.get('/api/v1/elderly/adaptations')).json().total).toBe(0);
    const audit = await p.db.pool.query(`select action from kernel.audit_log where entity_type = 'elderly_adaptation' order by id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['elderly.adaptation.applied', 'elderly.adaptation.started', 'elderly.adaptation.accepted']);
  });

  it('can refuse an application with a reason, which frees the household to apply again', async () => {
    const a = await cw.post('/api/v1/elderly/adaptations', { personId: disabled.person.id, items: ['ramp', 'bedRail'], appliedOn: today });
    const id = a.json().id;
    expect((await cw.post(`/api/v1/elderly/adaptations/${id}/reject`, { reason: '' })).statusCode).toBe(422);
    expect((await cw.post(`/api/v1/elderly/adaptations/${id}/reject`, { reason: '住房为危房，先行危房改造' })).json()).toMatchObject({ status: 'rejected' });
    expect((await cw.post('/api/v1/elderly/adaptations', { personId: disabled.person.id, items: ['ramp'], appliedOn: today })).json()).toMatchObject({ status: 'applied' });
  });
});
