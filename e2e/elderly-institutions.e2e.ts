// The institution console: a county officer registers a care institution (the form shows the
// server's refusal of a duplicate name on the field), admits an older person picked from the
// register, and records an inspection with its checklist, score and a hazard to rectify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, login, newPage, screenshot, settle, startServer, type TestServer } from './support';

let server: TestServer;
let browser: Browser;
let elder: { personId: number; name: string };
let existing: string;
const USER = { username: 'e2e-institutions-county', password: 'e2e-institutions-pass-2026' };
const COUNTY = '140321';
const NAME = '平定县颐康苑养老中心';

beforeAll(async () => {
  server = await startServer({ env: { DEMO_PERSONS: '3000' } });
  browser = await launchBrowser();
  const { api } = await apiSession(server, 'admin');
  await api('/users', { method: 'POST', body: JSON.stringify({ ...USER, displayName: '平定县民政局养老科', role: 'county_approver', divisionCode: COUNTY }) });
  // an older person of the county with a name no one else in the register shares
  const { rows } = await api(`/elderly/register?divisionCode=${COUNTY}&ageFrom=65&ageTo=74&pageSize=100`) as { rows: { personId: number; name: string }[] };
  const all = (await api(`/elderly/register?divisionCode=${COUNTY}&pageSize=100&ageFrom=60`)) as { total: number };
  expect(all.total).toBeGreaterThan(0);
  const pick = rows.find((r) => rows.filter((o) => o.name.startsWith(r.name.slice(0, 2))).length === 1) ?? rows[0];
  elder = { personId: pick.personId, name: pick.name };
  existing = ((await api(`/elderly/institutions?divisionCode=${COUNTY}`)) as { name: string }[])[0].name;
}, 300_000);

afterAll(async () => { await browser?.close(); await server?.stop(); });

/** Opens an antd Select or TreeSelect by its form label and picks the option whose text matches. */
async function pick(page: Page, label: string, search: string, option: RegExp | string) {
  const item = page.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: label }) }).first();
  await item.locator('.ant-select').click();
  await page.keyboard.type(search, { delay: 30 });
  const dropdown = page.locator('.ant-select-dropdown:visible, .ant-select-tree-list:visible').last();
  await dropdown.getByText(option).first().click();
}

describe('institution console', () => {
  it('registers an institution, admits a resident from the register, and records an inspection', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, USER.username, { password: USER.password });
    await page.goto('/console/elderly/institutions');
    await settle(page);
    await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, 'elderly-inst-01-list');

    // 1. The form: the client refuses more nursing beds than beds; the server refuses a duplicate name on the field.
    await page.getByRole('button', { name: '登记养老机构' }).click();
    const drawer = page.locator('.ant-drawer').filter({ has: page.locator('input#licenceNo') });
    await expect.poll(() => drawer.count(), { timeout: 10_000 }).toBe(1);
    await drawer.locator('input#name').fill(existing);
    await drawer.getByText('公建民营').click();
    await pick(page, '所在乡镇', '冠山', /^冠山镇$/);
    await drawer.locator('input#address').fill('冠山镇南关街 12 号');
    await drawer.locator('input#licenceNo').fill('晋阳民养备2026018');
    await drawer.locator('input#beds').fill('120');
    await drawer.locator('input#nursingBeds').fill('130');
    await drawer.locator('input#staff').fill('36');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => drawer.getByText('护理型床位数不能多于床位总数').count()).toBe(1);
    await drawer.locator('input#nursingBeds').fill('80');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => drawer.getByText('已登记同名养老机构').count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'elderly-inst-02-form-errors');
    await drawer.locator('input#name').fill(NAME);
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/elderly\/institutions\/\d+$/, { timeout: 15_000 });
    await settle(page);
    await expect.poll(() => page.getByText('冠山镇南关街 12 号').count()).toBe(1);

    // 2. An admission: the elder is picked from the register.
    await page.getByRole('button', { name: '入住登记' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '入住登记' });
    await modal.locator('.ant-select').click();
    await page.keyboard.type(elder.name, { delay: 30 });
    await page.locator('.ant-select-dropdown:visible').getByText(elder.name).first().click();
    await screenshot(page, 'elderly-inst-03-admission');
    await modal.getByRole('button', { name: '登记入住' }).click();
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: elder.name }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByText('在院（1/120）').count()).toBe(1);

    // 3. An inspection: the checklist with one failing item, the score, and a hazard with a deadline.
    await page.getByRole('tab', { name: '监督检查' }).click();
    await page.getByRole('button', { name: '登记监督检查' }).click();
    const insp = page.locator('.ant-modal').filter({ hasText: '登记监督检查' });
    await expect.poll(() => insp.locator('[data-testid^="check-"]').count(), { timeout: 10_000 }).toBe(10);
    const inspectors = insp.locator('.ant-form-item').filter({ hasText: '检查人员' }).locator('input');
    await inspectors.click();
    await page.keyboard.type('王检查');
    await page.keyboard.press('Enter');
    await page.keyboard.type('刘检查');
    await page.keyboard.press('Enter');
    const codes = await insp.locator('[data-testid^="check-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(6)));
    for (const code of codes) await insp.getByTestId(`check-${code}`).getByText(code === 'fire' ? '不符合' : '符合', { exact: true }).click();
    await expect.poll(() => insp.locator('.ant-statistic-content').innerText()).toContain('90');
    await insp.getByRole('button', { name: '添加隐患' }).click();
    await insp.getByPlaceholder('隐患描述').fill('二楼疏散通道堆放杂物');
    await screenshot(page, 'elderly-inst-04-inspection');
    await insp.getByRole('button', { name: '保存检查记录' }).click();
    await expect.poll(() => page.getByText('检查已登记，得分 90').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: '王检查、刘检查' }).filter({ hasText: '90' }).count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'elderly-inst-05-inspected');
    await page.getByRole('tab', { name: '安全隐患' }).click();
    await expect.poll(() => page.getByText('二楼疏散通道堆放杂物').count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'elderly-inst-06-hazard');

    // 4. The facility map with covered and uncovered communities.
    await page.goto('/console/elderly/map');
    await settle(page);
    await expect.poll(() => page.locator('[data-testid="facility-map"] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1000);
    await screenshot(page, 'elderly-inst-07-map');
  });
});
