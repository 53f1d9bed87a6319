// Tekun and temporary assistance at the township window, in the console:
// (a) a tekun application for an elderly person living alone: intake with the programme's own fields
//     and checklist, the calculation shown before any decision, verification, and the investigation
//     with the six-item care assessment that sets the care grade on the application;
// (b) an emergency temporary-assistance application (a house fire): the township pays at once up to
//     its cap (先行救助), and the application shows the grant and the month's payroll it joins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, newPage, openStep, screenshot, settle, startServer, type TestServer } from './support';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ env: { DEMO_PERSONS: '0' } });
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

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
  it('a tekun application: its own fields and checklist, the calculation before the decision, and the care grade from the investigation', async () => {
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
    await step(page, '登记核对结果', async (m) => {
      await choose(page, '.ant-modal #input_sources_0_source', '税务');
      await m.locator('#input_sources_0_finding').fill('未发现纳税记录');
      await m.locator('#input_totals_monthlyIncomeFen').fill('0');
      await m.locator('#input_totals_financialAssetsFen').fill('0');
      await m.locator('#input_incomes_0_personId').fill(String(headPersonId));
      await choose(page, '.ant-modal #input_incomes_0_kind', '工资性收入');
      await m.locator('#input_incomes_0_monthlyFen').fill('0');
    });
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
    await page.context().close();
  }, 300_000);

  it('an emergency temporary application: the township pays its cap at once and the application shows the grant', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'guanshan');
    const { householdId } = await registerHousehold(page, ['乔二虎', '19800517'], ['温彩霞', '19820903']);
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
    await page.context().close();
  }, 300_000);
});
