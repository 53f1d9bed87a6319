// Home services from the county's desk: an order for a subsidised older person is made, dispatched,
// checked in, completed on the month's voucher and rated; last month is settled with the provider; the
// home-adaptation and care-workforce pages show their progress against the plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, login, newPage, screenshot, settle, startServer, type TestServer } from './support';

let server: TestServer;
let browser: Browser;
let elder: { personId: number; name: string };

beforeAll(async () => {
  server = await startServer({ env: { DEMO_PERSONS: '3000' } });
  browser = await launchBrowser();
  const { api } = await apiSession(server, 'pingding');
  // An older person of 平定县 on the service subsidy (vouchers this month), whose name is unique in the register.
  const { rows } = await api('/elderly/home-services/orders?pageSize=100&status=rated') as { rows: { personId: number; name: string; voucherFen: number }[] };
  for (const r of rows.filter((x) => x.voucherFen > 0)) {
    const found = await api(`/elderly/register?q=${encodeURIComponent(r.name)}`) as { total: number };
    if (found.total === 1) { elder = { personId: r.personId, name: r.name }; break; }
  }
  expect(elder).toBeDefined();
}, 300_000);

afterAll(async () => { await browser?.close(); await server?.stop(); });

async function pick(page: Page, scope: ReturnType<Page['locator']>, label: string, option: string | RegExp, typed?: string) {
  const select = scope.locator('.ant-form-item').filter({ hasText: label }).locator('.ant-select');
  await select.click();
  if (typed) await select.locator('input').fill(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

async function step(page: Page, button: string, fill?: (modal: ReturnType<Page['locator']>) => Promise<void>) {
  const row = page.locator('.ant-table-row').filter({ hasText: elder.name }).first();
  // antd spaces out a two-character label (派 单)
  await row.getByRole('button', { name: new RegExp(`^${[...button].join('\\s*')}$`) }).click();
  const modal = page.locator('.ant-modal:visible');
  await modal.waitFor();
  await fill?.(modal);
  await modal.locator('.ant-modal-footer .ant-btn-primary').click();
  await modal.waitFor({ state: 'hidden', timeout: 20_000 });
  await settle(page);
}

describe('home services journey', () => {
  it('takes an order from creation to rating on the voucher, settles last month, and shows adaptation and workforce', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'pingding');
    await page.goto('/console/elderly/home-services');
    await settle(page);
    await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, 'elderly-services-01-orders');

    // 1. A new order: 助浴 for the older person, today.
    await page.getByRole('button', { name: '新建工单' }).click();
    const create = page.locator('.ant-modal:visible');
    await pick(page, create, '老人', elder.name, elder.name);
    await pick(page, create, '服务项目', '助浴');
    await create.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByText(/已下单：工单/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByLabel('老人姓名').fill(elder.name);
    await page.getByRole('button', { name: /^查\s*询$/ }).click();
    await settle(page);
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: '待派单' }).count(), { timeout: 20_000 }).toBe(1);

    // 2. Dispatch to the county's provider, check in, complete one bath, rate five stars.
    await step(page, '派单', async (m) => {
      await pick(page, m, '服务商', '平定县冠山颐康居家养老服务中心');
      await m.getByLabel('上门服务人员').fill('张秀兰');
    });
    await step(page, '签到', async (m) => { await m.getByLabel('签到地点').fill('老人家中'); });
    await step(page, '完成', async (m) => { await m.getByLabel(/服务数量/).fill('1'); await m.getByLabel('服务时长（分钟）').fill('50'); });
    await expect.poll(() => page.locator('.ant-table-row').first().innerText(), { timeout: 20_000 }).toContain('已完成');
    await expect.poll(() => page.locator('.ant-table-row').first().innerText()).toContain('60.00'); // one bath at 60 yuan
    await step(page, '评价', async (m) => { await m.getByLabel('评价内容').fill('洗得很仔细'); });
    await expect.poll(() => page.locator('.ant-table-row').first().innerText(), { timeout: 20_000 }).toMatch(/助浴[\s\S]*已评价[\s\S]*★★★★★/);
    await screenshot(page, 'elderly-services-02-order-rated');

    // 3. Last month's voucher settlement with the provider, confirmed by the county.
    await page.getByRole('tab', { name: '服务券结算' }).click();
    await settle(page);
    await page.locator('.ant-select').filter({ hasText: '选择服务商' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '平定县冠山颐康' }).click();
    await expect.poll(() => page.getByText('草稿', { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'elderly-services-03-settlement-draft');
    await page.getByRole('button', { name: '确认结算' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确认结算' }).click();
    await expect.poll(() => page.getByText('已结算', { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'elderly-services-04-settled');

    // 4. Home adaptation and the care workforce against the plan.
    await page.goto('/console/elderly/adaptations');
    await settle(page);
    await expect.poll(() => page.getByText(/规划目标 300 户/).count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'elderly-services-05-adaptations');
    await page.goto('/console/elderly/workforce');
    await settle(page);
    await expect.poll(() => page.getByText(/轮训覆盖率/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, 'elderly-services-06-workforce');
  });
});
