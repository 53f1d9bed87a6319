import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, inTransaction, listInbox, transition, type Actor } from '#kernel';
import { recordDeath, updatePerson } from '#registry';
import { buildHousehold, buildPerson, buildPlatform, buildUser } from '../../../test/factories';
import type { Platform } from '../../../apps/server/src/platform';
import { ensureSources, loadExtract, updateSource } from '../sources/sources.service';
import { sourceSpec } from '../sources/catalogue';
import { parseRows } from '../sources/file.format';
import { monitoringRules } from '../schema';
import { alertStatistics, ensureRules, listAlerts, listRules, reportOutreach, saveRule, scan } from './alerts.service';
import { DEFAULT_RULES } from './signals';
import './alert.workflow';

const HOME = '140321100201';
const OTHER_VILLAGE = '140321100202';
const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
let p: Platform;
let helper: Actor; let otherHelper: Actor; let cw: Actor; let otherCw: Actor; let admin: Actor;

beforeAll(async () => {
  p = await buildPlatform();
  helper = await buildUser(p, 'village_helper', HOME);
  otherHelper = await buildUser(p, 'village_helper', OTHER_VILLAGE);
  cw = await buildUser(p, 'township_caseworker', '140321100');
  otherCw = await buildUser(p, 'township_caseworker', '140321101');
  admin = await buildUser(p, 'city_admin', '1403');
  await ensureSources(p.db.orm);
  for (const code of ['social_insurance', 'medical_insurance']) {
    await inTransaction(p.db, (tx) => updateSource(tx, SYSTEM_ACTOR, code, { adapter: 'file', enabled: true, config: {} }));
  }
});
afterAll(async () => { await p?.close(); });

const extract = (code: string, rows: string[][]) => inTransaction(p.db, (tx) =>
  loadExtract(tx, SYSTEM_ACTOR, code, parseRows([['身份证号', '类别', '金额（元）', '日期'], ...rows], sourceSpec(code)!, TODAY), `${code}.csv`));
const alertsOf = async (a: Actor) => (await listAlerts(p.db.orm, a, { page: 1, pageSize: 50 })).items;

describe('monitoring', () => {
  it('weighs signals into a score: two signals alert the village, one alone does not, and a condition fires once', async () => {
    const both = await buildHousehold(p, HOME, 2);
    const one = await buildHousehold(p, HOME, 2);
    await extract('social_insurance', [[both.head.idNumber, '失业登记', '', TODAY], [one.head.idNumber, '失业登记', '', TODAY]]);
    await extract('medical_insurance', [[both.members[1].idNumber, '医疗自付费用', '36000', TODAY]]);
    const first = await scan(p.db, admin, '1403');
    expect(first).toMatchObject({ alerts: 1, routed: 1 });
    const [alert] = await alertsOf(helper);
    expect(alert).toMatchObject({ householdId: both.household.id, ruleCode: 'household_risk', score: 70, divisionCode: HOME, status: 'open' });
    expect((alert.signals as { signal: string }[]).map((s) => s.signal)).toEqual(['medical_expense', 'unemployment']);
    expect(await scan(p.db, admin, '1403')).toMatchObject({ alerts: 0 });
    // the helper of the village sees it in the inbox and closes it with an outcome
    expect(await alertsOf(otherHelper)).toEqual([]);
    const inbox = (await listInbox(p.db.orm, helper, { workflowKey: 'monitoring.alert' })).items;
    expect(inbox.map((i) => i.subjectId)).toEqual([String(alert.id)]);
    expect((await listInbox(p.db.orm, otherHelper, { workflowKey: 'monitoring.alert' })).items).toEqual([]);
    await inTransaction(p.db, (tx) => transition(tx, helper, inbox[0].instanceId, 'close', { outcome: 'applied', note: '已协助提交低保申请' }));
    expect((await alertsOf(helper))[0]).toMatchObject({ status: 'closed', outcome: 'applied' });
    // closed, the same condition does not fire again
    expect(await scan(p.db, admin, '1403')).toMatchObject({ alerts: 0 });
    const byRule = await alertStatistics(p.db.orm, helper);
    expect(byRule.items).toEqual([expect.objectContaining({ key: 'household_risk', name: '困难家庭综合风险', open: 0, closed: 1, applied: 1 })]);
    expect(byRule.totals).toMatchObject({ key: null, name: '合计', closed: 1, applied: 1 });
    expect(byRule.totals.avg_hours).not.toBeNull();
    const byTownship = await alertStatistics(p.db.orm, cw, 'township');
    expect(byTownship.items).toEqual([expect.objectContaining({ key: '140321100', closed: 1, applied: 1 })]);
    expect((await alertStatistics(p.db.orm, otherCw, 'township'))).toMatchObject({ items: [], totals: { closed: 0 } });
  });

  it('weighs a severe disability the registry recorded in the last 90 days, not one merely edited lately', async () => {
    const recognised = await buildHousehold(p, HOME, 2);
    const old = await buildHousehold(p, HOME, 2);
    // the registry records grade 1 today for one member; the other household's grade-2 member was
    // registered before the date was kept (no date), and their record was edited today
    const m = recognised.members[1];
    const version = Number((await p.db.pool.query('select version from registry.persons where id = $1', [m.id])).rows[0].version);
    await inTransaction(p.db, (tx) => updatePerson(tx, p.registry, cw, m.id, { version, disability: { category: 'physical', grade: 1, certificateNo: `${m.idNumber}41` } }));
    await p.db.pool.query("update registry.persons set disability_category = 'physical', disability_grade = 2, disability_cert_no = id_number || '42', updated_at = now() where id = $1", [old.members[1].id]);
    await extract('social_insurance', [[recognised.head.idNumber, '失业登记', '', TODAY], [old.head.idNumber, '失业登记', '', TODAY]]);
    await scan(p.db, admin, '1403');
    const mine = (await alertsOf(helper)).filter((a) => a.householdId === recognised.household.id || a.householdId === old.household.id);
    expect(mine).toEqual([expect.objectContaining({ householdId: recognised.household.id, score: 60 })]);
    expect((mine[0].signals as { signal: string; detail: string }[]).find((s) => s.signal === 'severe_disability')?.detail).toContain(`于 ${p.registry.today()} 登记为 1 级残疾`);
  });

  it('sends a child whose parents both died to the township, not to village helpers', async () => {
    const h = await buildHousehold(p, OTHER_VILLAGE, 3); // head, spouse, child born 2012
    for (const m of h.members.slice(0, 2)) await inTransaction(p.db, (tx) => recordDeath(tx, p.registry, SYSTEM_ACTOR, m.id, '2026-06-01'));
    await scan(p.db, admin, '1403');
    const mine = (await alertsOf(cw)).filter((a) => a.ruleCode === 'child_unsupported');
    expect(mine).toEqual([expect.objectContaining({ householdId: h.household.id, divisionCode: '140321100', personId: h.members[2].id })]);
    expect((await alertsOf(otherHelper)).filter((a) => a.ruleCode === 'child_unsupported')).toEqual([]);
    expect((await alertsOf(otherCw))).toEqual([]);
  });

  it('alerts the village when a recognised near-dibao household’s verified income falls below the standard', async () => {
    const h = await buildHousehold(p, HOME, 2);
    const other = await buildHousehold(p, HOME, 2);
    for (const x of [h, other]) {
      await p.db.pool.query(`insert into assistance.low_income_recognitions (category, household_id, division_code, urban_rural, head_name, persons, facts, calculation,
          per_capita_income_fen, valid_from, valid_to, recognised_by_name) values ('near_dibao', $1, $2, 'rural', $3, 2, '{}', '{}', 70000, $4::date - 30, $4::date + 300, 'test')`,
        [x.household.id, HOME, x.head.name, TODAY]);
    }
    await inTransaction(p.db, (tx) => updateSource(tx, SYSTEM_ACTOR, 'tax', { adapter: 'file', enabled: true, config: {} }));
    // the tax office now sees 300 yuan a month for one household (below the standard) and 3,000 for the other
    await inTransaction(p.db, (tx) => loadExtract(tx, SYSTEM_ACTOR, 'tax', parseRows([['身份证号', '类别', '月收入（元）'], [h.head.idNumber, '收入', '300'], [other.head.idNumber, '收入', '3000']], sourceSpec('tax')!, TODAY), 'tax.csv'));
    await scan(p.db, admin, '1403');
    const mine = (await alertsOf(helper)).filter((a) => (a.signals as { signal: string }[]).some((s) => s.signal === 'near_dibao_below_standard'));
    expect(mine.map((a) => a.householdId)).toEqual([h.household.id]);
    expect(mine[0].score).toBe(60);
  });

  it('turns a helper’s outreach report into an alert for the township', async () => {
    const person = await buildPerson(p, { divisionCode: HOME, name: '赵桂兰', birthDate: '1944-02-03', gender: 'F' });
    const row = await inTransaction(p.db, (tx) => reportOutreach(tx, helper, { idNumber: person.idNumber, name: '赵桂兰', divisionCode: HOME, situation: '独居，腿脚不便，冬季取暖困难' }));
    expect(row).toMatchObject({ origin: 'outreach', personId: person.id, divisionCode: '140321100', reportedBy: helper.displayName });
    const inbox = (await listInbox(p.db.orm, cw, { workflowKey: 'monitoring.alert' })).items;
    expect(inbox.some((i) => i.subjectId === String(row.id) && i.title?.includes('主动发现报告'))).toBe(true);
    const err = await inTransaction(p.db, (tx) => reportOutreach(tx, helper, { name: '外村人', divisionCode: '140321101201', situation: 'x' })).catch((e) => e);
    expect(err.code).toBe('FORBIDDEN');
  });

  it('brings rules still as shipped to a newer shipped version, audited, and leaves rules staff saved alone', async () => {
    await listRules(p.db.orm); // the shipped version 1
    const child = (await listRules(p.db.orm)).find((r) => r.code === 'child_unsupported')!;
    await inTransaction(p.db, (tx) => saveRule(tx, admin, { code: 'child_unsupported', name: '儿童线索（本市）', signals: child.signals as never, minScore: 100, recipientLevel: 'township', enabled: true }));
    const v2 = DEFAULT_RULES.map((r) => ({ ...r, version: 2, minScore: r.minScore + 5, name: `${r.name}（新版）` }));
    await ensureRules(p.db.orm, v2);
    const after = new Map((await p.db.orm.select().from(monitoringRules)).map((r) => [r.code, r]));
    expect(after.get('household_risk')).toMatchObject({ minScore: 65, name: '困难家庭综合风险（新版）', defaultVersion: 2 });
    expect(after.get('child_unsupported')).toMatchObject({ minScore: 100, name: '儿童线索（本市）', defaultVersion: null });
    const audit = (await p.db.pool.query("select entity_id, reason from kernel.audit_log where action = 'monitoring.rule.defaultsUpdated'")).rows;
    expect(audit).toEqual([{ entity_id: 'household_risk', reason: '系统默认规则更新至第 2 版' }]);
    // once at version 2, the same defaults change nothing more
    await ensureRules(p.db.orm, v2);
    expect((await p.db.pool.query("select count(*)::int as n from kernel.audit_log where action = 'monitoring.rule.defaultsUpdated'")).rows[0].n).toBe(1);
    // back to the shipped rules for the other tests
    await p.db.pool.query('update verification.monitoring_rules set default_version = 0');
    await ensureRules(p.db.orm);
  });
});
