// Tekun and temporary assistance at the township window, in the console, to the decision:
// (a) a tekun application for an elderly person living alone: intake with the programme's own fields
//     and checklist, the calculation shown before any decision, verification, the investigation with
//     the six-item care assessment that sets the care grade, the 7-day notice, and the county's
//     confirmation — the application shows the decision with the basic and care standards;
// (b) an emergency temporary-assistance application (a house fire): the township pays at once up to
//     its cap (先行救助), completes the paperwork, sends the months above its cap to the county, which
//     grants them; the household's assistance chain shows the grant.
// The server runs on a throwaway PostgreSQL cluster, so that the seven days of public notice can be
// let pass the way the integration tests do: the case's notice deadline is moved into the past.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, newPage, openStep, screenshot, settle, startServerOnPostgres, type PgTestServer, type TestServer } from './support';

let pgServer: PgTestServer;
let db: pg.Pool;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  pgServer = await startServerOnPostgres('minzheng_programmes', { DEMO_PERSONS: '0' });
  ({ server, db } = pgServer);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await pgServer?.stop();
});

function nextMonth(): string {
  const d = new Date(Date.now() + 8 * 3600_000); // China time
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
}
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function pickDate(modal: ReturnType<Page['locator']>, selector: string, value: string) {
  const input = modal.locator(selector);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** The county approver opens the case from the inbox. */
async function openFromInbox(page: Page, headName: string) {
  await page.goto('/console/inbox');
  await settle(page);
  const row = page.locator('.ant-table-row').filter({ hasText: headName }).first();
  await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
  await row.locator('a[href*="/cases/"]').first().click();
  await settle(page);
}

/** 登记核对结果: nothing found for the head. */
async function verification(page: Page, m: ReturnType<Page['locator']>, headPersonId: number) {
  await choose(page, '.ant-modal #input_sources_0_source', '税务');
  await m.locator('#input_sources_0_finding').fill('未发现纳税记录');
  await m.locator('#input_totals_monthlyIncomeFen').fill('0');
  await m.locator('#input_totals_financialAssetsFen').fill('0');
  await m.locator('#input_incomes_0_personId').fill(String(headPersonId));
  await choose(page, '.ant-modal #input_incomes_0_kind', '工资性收入');
  await m.locator('#input_incomes_0_monthlyFen').fill('0');
}

const VILLAGE = '140321100201';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(birth: string, order: number): string {
  const id17 = `140321${birth}${String(order).padStart(3, '0')}`;
  const sum = [...id17].reduce((a, d, i) => a + Number(d) * WEIGHTS[i], 0);
  return id17 + '10X98765432'[sum % 11];
}

async function api(page: Page, path: string, body: unknown) {
  const r = await page.request.post(`/api/v1${path}`, { data: body });
  if (!r.ok()) throw new Error(`${path}: ${r.status()} ${await r.text()}`);
  return r.json();
}

/** A household registered beforehand through the registry API: the head and, optionally, a spouse. */
async function registerHousehold(page: Page, head: [string, string], spouse?: [string, string]) {
  const order = 100 + Math.floor(Math.random() * 400) * 2;
  const h = await api(page, '/persons', { idNumber: idNumber(head[1], order + 1), name: head[0], urbanRural: 'rural', divisionCode: VILLAGE });
  const hh = await api(page, '/households', { headPersonId: h.id, formedOn: '1998-05-01', bankName: '中国农业银行平定支行', bankAccount: `6228480${String(Date.now()).slice(-12)}` });
  if (spouse) await api(page, '/persons', { idNumber: idNumber(spouse[1], order), name: spouse[0], urbanRural: 'rural', divisionCode: VILLAGE, householdId: hh.id, relation: '10' });
  return { householdId: Number(hh.id), headPersonId: Number(h.id) };
}

async function choose(page: Page, selector: string, option: string | RegExp) {
  await page.locator(selector).click();
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await item.click({ timeout: 60_000 }); // a dropdown inside a step dialog settles slowly on a busy machine
}

/** Opens the window's intake for the household and picks the programme. */
async function openIntake(page: Page, householdId: number, programme: string) {
  await page.goto(`/console/assistance/applications/new?householdId=${householdId}`);
  await settle(page);
  await choose(page, '#programme', programme);
}

async function submitIntake(page: Page): Promise<number> {
  for (const box of await page.locator('.ant-checkbox-group .ant-checkbox-input').all()) await box.check();
  for (const box of await page.locator('input[id^="consent_"]').all()) await box.check();
  await page.getByRole('button', { name: /受\s*理/ }).last().click();
  await page.waitForURL(/\/assistance\/applications\/\d+$/, { timeout: 20_000 });
  await settle(page);
  return Number(page.url().replace(/.*\/applications\//, ''));
}

async function step(page: Page, label: string, fill: (modal: ReturnType<Page['locator']>) => Promise<void> = async () => {}) {
  const modal = await openStep(page, label).catch(async (e) => { await screenshot(page, 'programmes-step-missing'); throw e; });
  await fill(modal);
  await modal.getByRole('button', { name: '确认办理' }).click();
  await modal.waitFor({ state: 'hidden', timeout: 20_000 }).catch(async (e) => { await screenshot(page, 'programmes-step-refused'); throw e; });
  await settle(page);
}

async function openCase(page: Page, applicationId: number) {
  await page.goto(`/console/assistance/applications/${applicationId}`);
  await settle(page);
  await page.getByRole('link', { name: /办理/ }).first().click();
  await settle(page);
}

describe('tekun and temporary assistance at the window', () => {
  it('a tekun application: its own fields and checklist, the calculation before the decision, the care grade from the investigation, the notice and the county\'s confirmation with the decision shown', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'guanshan');
    const { householdId, headPersonId } = await registerHousehold(page, ['郝老栓', '19460212']);
    await openIntake(page, householdId, '特困人员救助供养');
    await page.getByText('特困人员认定信息').waitFor();
    await expect.poll(() => page.getByText('法定义务人情况及履行能力说明').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByRole('checkbox', { name: '自主洗澡' }).uncheck();
    await screenshot(page, 'tekun-01-intake');
    const applicationId = await submitIntake(page);
    await page.getByText('特困人员认定信息').waitFor();
    await expect.poll(() => page.getByText(/按目前登记的情况测算/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.mz-steps').first().innerText(), { timeout: 20_000 }).toMatch(/无劳动能力：年满 60 周岁/);
    await screenshot(page, 'tekun-02-application');

    await openCase(page, applicationId);
    await step(page, '发起经济状况核对');
    await step(page, '登记核对结果', (m) => verification(page, m, headPersonId));
    await step(page, '登记调查核实（含生活自理能力评估）', async (m) => {
      const visited = m.locator('#input_visitedOn');
      await visited.click();
      await visited.fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
      await visited.press('Enter');
      await m.locator('#input_investigators_0_name').fill('赵立新');
      await m.locator('#input_investigators_1_name').fill('钱晓燕');
      await m.locator('#input_investigators_0_signed').check();
      await m.locator('#input_investigators_1_signed').check();
      await m.locator('#input_findings_housing').fill('土坯房两间');
      await m.locator('#input_findings_livingConditions').fill('独居，行走需扶拐');
      await m.locator('#input_findings_supporters').fill('无子女，无法定赡养义务人');
      for (const k of ['eating', 'dressing', 'transferring', 'toileting']) await m.locator(`#input_careAssessment_${k}`).check();
      await choose(page, '.ant-modal #input_mode', '分散供养');
      await screenshot(page, 'tekun-03-investigation');
    });
    await page.goto(`/console/assistance/applications/${applicationId}`);
    await settle(page);
    await expect.poll(() => page.getByText('部分丧失生活自理能力（调查评估）').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.mz-steps').first().innerText(), { timeout: 20_000 }).toMatch(/照料护理标准（部分丧失生活自理能力）/);
    await screenshot(page, 'tekun-04-care-grade');

    // The 7-day notice, then the county's confirmation.
    await openCase(page, applicationId);
    await step(page, '在村（社区）公示');
    const caseId = Number(page.url().replace(/.*\/cases\//, '').replace(/[?#].*$/, ''));
    await db.query(`UPDATE kernel.workflow_instances SET due_at = current_date - 1 WHERE id = $1`, [caseId]);
    await page.reload();
    await settle(page);
    await step(page, '公示期满无异议，报送县级审核确认');
    await expect.poll(() => page.getByText('待县级审核确认').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    const county = await newPage(browser, server.baseUrl);
    await login(county, 'pingding');
    await openFromInbox(county, '郝老栓');
    await step(county, '审核确认为特困人员');
    await expect.poll(() => county.getByText('已认定为特困人员').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await county.goto(`/console/assistance/applications/${applicationId}`);
    await settle(county);
    const decision = county.locator('.ant-card').filter({ hasText: '审核确认' }).filter({ hasText: '发放起始月' });
    await expect.poll(() => decision.innerText(), { timeout: 20_000 }).toMatch(/认定为特困人员[\s\S]*发放起始月\s*\n?\s*\d{4}-\d{2}/);
    await expect.poll(() => decision.innerText()).toContain(nextMonth());
    const explained = await county.locator('.mz-steps').first().innerText();
    expect(explained).toMatch(/基本生活标准/);
    expect(explained).toMatch(/照料护理标准（部分丧失生活自理能力）/);
    await screenshot(county, 'tekun-05-enrolled');
    const { rows } = await db.query(`SELECT programme, monthly_amount_fen, from_month FROM payments.entitlements WHERE household_id = $1 AND withdrawn_at IS NULL ORDER BY programme`, [householdId]);
    expect(rows.map((r) => [r.programme, r.from_month])).toEqual([['tekun', nextMonth()], ['tekun_care', nextMonth()]]);
    await county.context().close();
    await page.context().close();
  }, 300_000);

  it('an emergency temporary application: the township pays its cap at once, the county grants the rest, and the household\'s assistance chain shows it', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'guanshan');
    const { householdId, headPersonId } = await registerHousehold(page, ['乔二虎', '19800517'], ['温彩霞', '19820903']);
    await openIntake(page, householdId, '临时救助');
    await page.getByText('临时救助信息').waitFor();
    await page.locator('textarea[id="temporary_description"]').fill('住房失火，衣物口粮全部烧毁');
    await page.locator('#temporary_months').fill('5');
    await screenshot(page, 'temporary-01-intake');
    const applicationId = await submitIntake(page);
    await expect.poll(() => page.locator('.mz-steps').first().innerText(), { timeout: 20_000 }).toMatch(/由县级审批/);

    await openCase(page, applicationId);
    await step(page, '先行救助（急难型，乡镇权限内立即发放）', async (m) => {
      await m.locator('#input_urgency').fill('房屋烧毁，全家无处安身');
    });
    await expect.poll(() => page.getByText('已先行救助，待补办手续').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.goto(`/console/assistance/applications/${applicationId}`);
    await settle(page);
    await expect.poll(() => page.getByText('先行救助').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const row = page.locator('.ant-table-row').filter({ hasText: '先行救助' });
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toMatch(/乡镇（街道）\s+3\s/);
    await screenshot(page, 'temporary-02-advance');

    // The paperwork after the advance: verification, the investigation, and the months above the
    // township's cap sent to the county, which grants them.
    await openCase(page, applicationId);
    await step(page, '发起经济状况核对（先行救助后补办手续）');
    await step(page, '登记核对结果', (m) => verification(page, m, headPersonId));
    await step(page, '登记调查核实', async (m) => {
      await pickDate(m, '#input_visitedOn', today());
      await m.locator('#input_investigators_0_name').fill('赵立新');
      await m.locator('#input_investigators_1_name').fill('钱晓燕');
      await m.locator('#input_investigators_0_signed').check();
      await m.locator('#input_investigators_1_signed').check();
      await m.locator('#input_findings_housing').fill('砖房三间，已全部烧毁');
      await m.locator('#input_findings_livingConditions').fill('借住亲戚家，口粮衣物全无');
      await m.locator('#input_findings_incomeMatchesDeclaration').check().catch(() => m.locator('#input_findings_incomeMatchesDeclaration').click());
    });
    await step(page, '超过乡镇权限，报县级审批');
    await expect.poll(() => page.getByText('待县级审批').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    const county = await newPage(browser, server.baseUrl);
    await login(county, 'pingding');
    await openFromInbox(county, '乔二虎');
    await step(county, '县级审批给予临时救助');
    await expect.poll(() => county.getByText('已给予临时救助').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(county, 'temporary-03-granted');

    // The household's assistance chain: the application granted, and the one-off payment.
    await county.goto(`/console/households/${householdId}`);
    await settle(county);
    const chain = county.locator('.ant-card').filter({ hasText: '救助链（一户一条）' });
    await expect.poll(() => chain.locator('.ant-table-row').filter({ hasText: '临时救助' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await chain.getByRole('tab', { name: /申请与结果/ }).click();
    const granted = chain.locator('.ant-table-row').filter({ hasText: `申请 ${applicationId}` });
    await expect.poll(() => granted.innerText(), { timeout: 20_000 }).toMatch(/已给予/);
    await screenshot(county, 'temporary-04-chain');
    const { rows } = await db.query(`SELECT sum(monthly_amount_fen)::bigint AS fen, count(*)::int AS n FROM payments.entitlements WHERE household_id = $1 AND programme = 'temporary' AND withdrawn_at IS NULL`, [householdId]);
    expect(Number(rows[0].fen)).toBeGreaterThan(0);
    await county.context().close();
    await page.context().close();
  }, 300_000);
});
