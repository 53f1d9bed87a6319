// Social assistance journeys in the console:
// (a) a township caseworker takes a dibao application from intake through the verification record,
//     the home visit and the public notice to the county's decision; the case shows the enrolment
//     with its calculation explained; the county approver runs and signs the next month's payroll
//     and downloads the bank file, which holds the new household's line;
// (b) a refused case shows its printable notice with the reasons and the calculation.
// The server runs with the demo accounts and no demo population (the journeys register their own
// households), on a throwaway PostgreSQL cluster, so that the seven days of public notice can be let
// pass the way the integration tests do: the case's notice deadline is moved into the past.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { OUTPUT_DIR, launchBrowser, login, newPage, openStep, screenshot, settle, startServerOnPostgres, type PgTestServer, type TestServer } from './support';

let pgServer: PgTestServer;
let db: pg.Pool;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  pgServer = await startServerOnPostgres('minzheng_e2e', { DEMO_PERSONS: '0' });
  ({ server, db } = pgServer);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await pgServer?.stop();
});

const VILLAGE = '140321100201';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(birth: string, order: number): string {
  const id17 = `140321${birth}${String(order).padStart(3, '0')}`;
  const sum = [...id17].reduce((a, d, i) => a + Number(d) * WEIGHTS[i], 0);
  return id17 + '10X98765432'[sum % 11];
}

/** A household registered at the window beforehand (registry API): a couple with a bank account. */
async function registerHousehold(page: Page, names: [string, string], account: string) {
  const api = (path: string, body: unknown) => page.request.post(`/api/v1${path}`, { data: body }).then(async (r) => {
    if (!r.ok()) throw new Error(`${path}: ${r.status()} ${await r.text()}`);
    return r.json();
  });
  const order = 100 + Math.floor(Math.random() * 400) * 2; // odd for the man, even for the woman
  const head = await api('/persons', { idNumber: idNumber('19720314', order + 1), name: names[0], urbanRural: 'rural', divisionCode: VILLAGE, labourCapacity: 'partial' });
  const hh = await api('/households', { headPersonId: head.id, formedOn: '1998-05-01', bankName: '中国农业银行平定支行', bankAccount: account });
  await api('/persons', { idNumber: idNumber('19750822', order), name: names[1], urbanRural: 'rural', divisionCode: VILLAGE, householdId: hh.id, relation: '10' });
  return { householdId: Number(hh.id), headName: names[0], headPersonId: Number(head.id) };
}

/** Opens the case's step dialog by its label, lets `fill` fill it, and confirms; returns when it closed. */
async function step(page: Page, label: string, fill: (modal: ReturnType<Page['locator']>) => Promise<void> = async () => {}) {
  const modal = await openStep(page, label);
  await fill(modal);
  await modal.getByRole('button', { name: '确认办理' }).click();
  await modal.waitFor({ state: 'hidden', timeout: 20_000 });
  await settle(page);
}

async function pickDate(page: Page, selector: string, value: string) {
  const input = page.locator(selector).first();
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** Intake at the window, from the household page: every member counted, a wage, all documents and consents. */
async function intake(page: Page, householdId: number, applicant: string, wageYuan: number) {
  await page.goto(`/console/households/${householdId}`);
  await settle(page);
  await page.getByRole('link', { name: '受理救助申请' }).click();
  await settle(page);
  await page.locator('#programme').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '最低生活保障' }).click();
  await page.locator('#applicantPersonId').click();
  await page.locator('.ant-select-item-option').filter({ hasText: applicant }).click();
  await page.getByRole('button', { name: '添加收入' }).click();
  await page.locator('input[id$="monthlyYuan"]').first().fill(String(wageYuan));
  for (const box of await page.locator('.ant-checkbox-group .ant-checkbox-input').all()) await box.check();
  for (const box of await page.locator('input[id^="consent_"]').all()) await box.check();
  await screenshot(page, 'assist-01-intake');
  await page.getByRole('button', { name: /受\s*理/ }).last().click();
  await page.waitForURL(/\/assistance\/applications\/\d+$/, { timeout: 20_000 });
  await settle(page);
  return Number(page.url().replace(/.*\/applications\//, ''));
}

/** From the application to its case, through verification and the home visit, to the public notice. */
async function throughNotice(page: Page, applicationId: number, headPersonId: number, wageYuan: number, prefix: string) {
  await page.goto(`/console/assistance/applications/${applicationId}`);
  await settle(page);
  await page.getByRole('link', { name: /办理/ }).first().click();
  await settle(page);
  await step(page, '发起经济状况核对');
  await step(page, '登记核对结果', async (m) => {
    await m.locator('#input_reportNo').fill(`HD-${applicationId}`);
    await m.locator('#input_sources_0_source').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '税务' }).click();
    await m.locator('#input_sources_0_finding').fill('未发现纳税记录');
    await m.locator('#input_totals_monthlyIncomeFen').fill(String(wageYuan));
    await m.locator('#input_totals_financialAssetsFen').fill('0');
    // the verified income, which the calculation uses in place of the declared one
    await m.locator('#input_incomes_0_personId').fill(String(headPersonId));
    await m.locator('#input_incomes_0_kind').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '工资性收入' }).click();
    await m.locator('#input_incomes_0_monthlyFen').fill(String(wageYuan));
    await screenshot(page, `${prefix}-02-verification`);
  });
  await step(page, '登记入户调查', async (m) => {
    await pickDate(page, '.ant-modal #input_visitedOn', new Date().toISOString().slice(0, 10));
    await m.locator('#input_investigators_0_name').fill('赵立新');
    await m.locator('#input_investigators_1_name').fill('钱晓燕');
    await m.locator('#input_investigators_0_signed').check();
    await m.locator('#input_investigators_1_signed').check();
    await m.locator('#input_findings_housing').fill('自有平房两间，年久失修');
    await m.locator('#input_findings_livingConditions').fill('户主部分丧失劳动能力，配偶务农');
    await m.locator('#input_findings_incomeMatchesDeclaration').check().catch(() => m.locator('#input_findings_incomeMatchesDeclaration').click());
  });
  await step(page, '在村（社区）公示');
  await screenshot(page, `${prefix}-03-notice`);
  // The seven days of public notice pass.
  const caseId = Number(page.url().replace(/.*\/cases\//, '').replace(/[?#].*$/, ''));
  await db.query(`UPDATE kernel.workflow_instances SET due_at = current_date - 1 WHERE id = $1`, [caseId]);
  await page.reload();
  await settle(page);
  await step(page, '公示期满无异议，报送审核确认');
  return caseId;
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

function nextMonth(): string {
  const d = new Date(Date.now() + 8 * 3600_000); // China time
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  return m.toISOString().slice(0, 7);
}

describe('assistance journeys', () => {
  it('a dibao application from intake to enrolment, explained; the county signs the next payroll and the bank file holds the household', async () => {
    const cw = await newPage(browser, server.baseUrl);
    await login(cw, 'guanshan');
    const account = `6228480${String(Date.now()).slice(-12)}`;
    const hh = await registerHousehold(cw, ['韩满仓', '苗桂兰'], account);
    const applicationId = await intake(cw, hh.householdId, hh.headName, 300);
    await expect.poll(() => cw.getByText('已受理').count()).toBeGreaterThan(0);
    await throughNotice(cw, applicationId, hh.headPersonId, 300, 'assist');
    await expect.poll(() => cw.getByText('待审核确认').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    const county = await newPage(browser, server.baseUrl);
    await login(county, 'pingding');
    await openFromInbox(county, hh.headName);
    await screenshot(county, 'assist-04-county-case');
    await step(county, '审核确认纳入低保');
    await expect.poll(() => county.getByText('已纳入低保').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // The enrolment, with the calculation explained step by step.
    await county.goto(`/console/assistance/applications/${applicationId}`);
    await settle(county);
    await expect.poll(() => county.getByText('纳入低保').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const steps = county.locator('.mz-steps');
    await steps.first().waitFor({ timeout: 20_000 });
    await expect.poll(() => steps.first().innerText()).toMatch(/低保标准/);
    await expect.poll(() => steps.first().innerText()).toMatch(/计入收入合计 300 元/);
    const month = nextMonth();
    await expect.poll(() => county.getByText(month).count()).toBeGreaterThan(0);
    await screenshot(county, 'assist-05-enrolled-explained');
    const { rows: [ent] } = await db.query(`SELECT monthly_amount_fen, from_month FROM payments.entitlements WHERE household_id = $1 AND programme = 'dibao' AND withdrawn_at IS NULL`, [hh.householdId]);
    expect(ent).toMatchObject({ from_month: month });
    const amountFen = Number(ent.monthly_amount_fen);
    expect(amountFen).toBeGreaterThan(0);

    // The next month's payroll: generated with progress, signed, and the bank file downloaded.
    await county.goto('/console/payments/runs');
    await settle(county);
    await county.getByRole('button', { name: /生成名册/ }).click();
    await pickDate(county, '.ant-modal #month', month);
    await county.getByRole('button', { name: /开始生成|重新生成/ }).click();
    await county.getByRole('button', { name: '查看名册' }).waitFor({ timeout: 120_000 });
    await screenshot(county, 'assist-06-payroll-generated');
    await county.getByRole('button', { name: '查看名册' }).click();
    await settle(county);
    await county.getByRole('button', { name: /签\s*发$/ }).first().click();
    await county.getByRole('button', { name: /确认签发/ }).click();
    await county.getByText(/已签发：/).first().waitFor({ timeout: 20_000 });
    await screenshot(county, 'assist-07-payroll-signed');
    await county.getByRole('button', { name: /下载/ }).first().hover();
    const xlsxItem = county.getByText('银行代发文件（Excel）');
    await xlsxItem.waitFor();
    const [download] = await Promise.all([county.waitForEvent('download'), xlsxItem.click()]);
    const file = join(OUTPUT_DIR, 'downloads', `bank-file-${month}.xlsx`);
    await download.saveAs(file);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file)) as never);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(typeof v === 'object' && v && 'result' in v ? (v as { result: unknown }).result : v)))));
    const header = rows.findIndex((r) => r.includes('银行账号'));
    expect(header).toBeGreaterThanOrEqual(0);
    const col = (name: string) => rows[header].indexOf(name);
    const ours = rows.filter((r) => r[col('银行账号')] === account);
    expect(ours).toHaveLength(1);
    expect(ours[0][col('户主姓名')]).toBe(hh.headName);
    expect(Number(ours[0][col('金额(元)')])).toBeCloseTo(amountFen / 100, 2);
    expect(ours[0][col('项目')]).toMatch(/最低生活保障|低保/);
    await cw.context().close();
    await county.context().close();
  }, 600_000);

  it('a refused case shows its printable notice with the reasons and the calculation', async () => {
    const cw = await newPage(browser, server.baseUrl);
    await login(cw, 'guanshan');
    const hh = await registerHousehold(cw, ['房守田', '秦月娥'], `6228480${String(Date.now() + 7).slice(-12)}`);
    const applicationId = await intake(cw, hh.householdId, hh.headName, 3000);
    await throughNotice(cw, applicationId, hh.headPersonId, 3000, 'refuse');

    const county = await newPage(browser, server.baseUrl);
    await login(county, 'pingding');
    await openFromInbox(county, hh.headName);
    const reasons = '经核对，家庭月人均收入超过当地农村低保标准';
    await step(county, '不予纳入（书面告知理由）', async (m) => { await m.locator('#input_reasons').fill(reasons); });
    await county.goto(`/console/assistance/applications/${applicationId}`);
    await settle(county);
    await expect.poll(() => county.getByText(reasons).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(county, 'refuse-04-refused');
    const notice = county.getByRole('link', { name: /不予确认告知书/ }).or(county.getByRole('button', { name: /不予确认告知书/ }));
    const [popup] = await Promise.all([county.context().waitForEvent('page'), notice.first().click()]);
    await popup.waitForLoadState();
    const text = await popup.locator('body').innerText();
    expect(text).toContain(hh.headName);
    expect(text).toContain(reasons);
    expect(text).toMatch(/低保标准/);
    expect(text).toMatch(/复核/);
    await popup.setViewportSize({ width: 1000, height: 1400 });
    await screenshot(popup, 'refuse-05-notice');
    await cw.context().close();
    await county.context().close();
  }, 600_000);
});
