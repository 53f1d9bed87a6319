// The elderly journey: a county officer assesses an older tekun resident and sees the level, sees the
// care-subsidy proposal that the assessment raised and confirms it, records a welfare visit on the
// phone-sized page, and opens the facility map.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, login, newPage, screenshot, settle, startServer, type TestServer } from './support';

let server: TestServer;
let browser: Browser;
let target: { personId: number; name: string; divisionCode: string };
const USER = { username: 'e2e-elderly-county', password: 'e2e-elderly-pass-2026' };

beforeAll(async () => {
  server = await startServer({ env: { DEMO_PERSONS: '3000' } });
  browser = await launchBrowser();
  const { api } = await apiSession(server, 'admin');
  // An older tekun resident not yet assessed, and an officer of their county.
  const { rows } = await api('/elderly/register?flag=tekun&pageSize=100') as { rows: { personId: number; name: string; divisionCode: string; level: number | null }[] };
  const pick = rows.find((r) => r.level == null && !rows.some((o) => o !== r && o.name === r.name))!;
  target = { personId: pick.personId, name: pick.name, divisionCode: pick.divisionCode };
  await api('/users', { method: 'POST', body: JSON.stringify({ ...USER, displayName: '县民政局养老科', role: 'county_approver', divisionCode: target.divisionCode.slice(0, 6) }) });
}, 300_000);

afterAll(async () => { await browser?.close(); await server?.stop(); });

async function choose(page: Page, item: string, score: number) {
  await page.getByTestId(`item-${item}`).locator('label').filter({ hasText: new RegExp(`^${score} 分：`) }).click();
}

describe('elderly journey', () => {
  it('assesses, confirms the care subsidy, records a visit on a phone, and shows the map', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, USER.username, { password: USER.password });

    // 1. Assess: self-care and basic motor items mostly done by others → total 55, moderate.
    await page.goto(`/console/elderly/assess?personId=${target.personId}`);
    await settle(page);
    await expect.poll(() => page.getByText(target.name).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const low = ['eating', 'grooming', 'bathing', 'dressingUpper', 'dressingLower', 'urinaryControl', 'bowelControl', 'toileting', 'bedPositionChange', 'bedChairTransfer', 'walking', 'stairs'];
    const items = await page.locator('[data-testid^="item-"]').evaluateAll((els) => els.map((e) => ({ key: e.getAttribute('data-testid')!.slice(5), max: e.querySelectorAll('label').length - 1 })));
    expect(items).toHaveLength(26);
    for (const { key, max } of items) await choose(page, key, low.includes(key) ? 1 : max);
    await expect.poll(() => page.getByTestId('subtotal-selfCare').innerText()).toContain('8 / 32');
    await expect.poll(() => page.getByTestId('level').innerText(), { timeout: 10_000 }).toContain('2 级 中度失能');
    await expect.poll(() => page.getByTestId('total').innerText()).toContain('55');
    await page.getByLabel('评估员一').fill('李评估');
    await page.getByLabel('评估员二').fill('王评估');
    await screenshot(page, 'elderly-01-assessment');
    await page.getByRole('button', { name: '保存评估' }).click();
    await expect.poll(() => page.getByText('中度失能').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, 'elderly-02-assessed');

    // 2. The assessment raised a care-subsidy proposal (the dispatcher delivers the event): confirm it.
    await expect.poll(async () => {
      await page.goto('/console/elderly/subsidies');
      await settle(page);
      return page.locator('.ant-table-row').filter({ hasText: target.name }).filter({ hasText: '护理补贴' }).count();
    }, { timeout: 60_000, interval: 2_000 }).toBe(1);
    await screenshot(page, 'elderly-03-proposals');
    await page.locator('.ant-table-row').filter({ hasText: target.name }).filter({ hasText: '护理补贴' }).getByRole('link', { name: '核实确认' }).click();
    await settle(page);
    await page.getByRole('button', { name: '核实并确认发放' }).click();
    await page.getByRole('button', { name: '确认办理' }).click();
    await expect.poll(() => page.getByText('已确认发放').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, 'elderly-04-confirmed');

    // 3. A welfare visit from a phone-sized screen.
    const phone = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const mobile = await phone.newPage();
    // the console's sign-in page is laid out for a desk; the session cookie is what the phone needs
    const signedIn = await phone.request.post('/api/v1/auth/login', { data: USER });
    expect(signedIn.status()).toBe(200);
    await mobile.goto(`/console/elderly/visit?personId=${target.personId}`);
    await settle(mobile);
    await mobile.getByLabel('发现的情况').fill('老人卧床，护理员每日上门，家中取暖正常');
    await mobile.getByText('需关注').click();
    await screenshot(mobile, 'elderly-05-visit-phone');
    await mobile.getByRole('button', { name: '保存探访记录' }).click();
    await expect.poll(() => mobile.getByText('探访已登记').count(), { timeout: 20_000 }).toBe(1);
    await phone.close();

    // 4. The facility map on the Yangquan outline.
    await page.goto('/console/elderly/map');
    await settle(page);
    await expect.poll(() => page.locator('[data-testid="facility-map"] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/个城市社区/).count()).toBe(1);
    await page.waitForTimeout(1000);
    await screenshot(page, 'elderly-06-map');

    await page.goto('/console/elderly/dashboard');
    await settle(page);
    await expect.poll(() => page.getByTestId('indicator-ruralDayCare').count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, 'elderly-07-dashboard');
  });
});
