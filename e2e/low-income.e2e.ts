// The low-income register's journey: a township caseworker recognises a near-dibao household from
// the household page (trial calculation first), finds it in the register with its calculation,
// downloads the register and cancels the recognition with a reason; the reports page draws its charts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiSession, launchBrowser, login, newPage, screenshot, settle, startServer, type TestServer } from './support';

let server: TestServer;
let browser: Browser;
let target: { householdId: number; headName: string; persons: number; monthlyYuan: number };

beforeAll(async () => {
  server = await startServer({ env: { DEMO_PERSONS: '3000' } });
  browser = await launchBrowser();
  const { api } = await apiSession(server, 'guanshan');
  // A household of 冠山镇 of two or more that receives nothing and is on no register yet.
  const { items } = await api<{ items: { householdId: number | null }[] }>('/persons?status=living&ageMin=30&ageMax=59&pageSize=100');
  for (const id of [...new Set(items.map((i) => i.householdId).filter(Boolean))] as number[]) {
    const chain = await api<{ entitlements: unknown[]; recognitions: unknown[]; applications: unknown[] }>(`/assistance/households/${id}/chain`);
    const hh = await api<{ head: { id: number; name: string }; members: { personId: number; status: string }[] }>(`/households/${id}`);
    const living = hh.members.filter((m) => m.status === 'living');
    if (chain.entitlements.length || chain.recognitions.length || chain.applications.length || living.length < 2 || !hh.head) continue;
    // The standard in force today, from a trial with no income: 1.2 × it a head is near-dibao.
    const trial = await api<{ explanation: { values?: { standardFen?: number } }[] }>('/assistance/low-income/assess', {
      method: 'POST', body: JSON.stringify({ category: 'near_dibao', householdId: id, incomes: [] }),
    });
    const standardFen = trial.explanation[0].values!.standardFen!;
    target = { householdId: id, headName: hh.head.name, persons: living.length, monthlyYuan: Math.round((standardFen * living.length * 1.2) / 100) };
    break;
  }
  expect(target).toBeDefined();
}, 300_000);

afterAll(async () => { await browser?.close(); await server?.stop(); });

describe('low-income register journey', () => {
  it('recognises a near-dibao household, lists, exports and cancels it; the reports draw', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'guanshan');

    // 1. From the household page: the facts, a trial, then the recognition.
    await page.goto(`/console/households/${target.householdId}`);
    await settle(page);
    await page.getByRole('button', { name: '认定低收入家庭' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '认定低收入家庭' });
    await modal.getByRole('button', { name: /添加一项收入/ }).click();
    await modal.locator('.ant-select').first().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await modal.locator('input.ant-input-number-input').first().fill(String(target.monthlyYuan));
    await modal.getByRole('button', { name: /试\s*算/ }).click();
    await expect.poll(() => modal.locator('.ant-alert').innerText().catch(() => ''), { timeout: 20_000 }).toContain('符合条件');
    await expect.poll(() => modal.innerText()).toContain('属于低保边缘家庭');
    await screenshot(page, 'low-income-01-assessed');
    await modal.getByRole('button', { name: /确认认定/ }).click();
    await modal.waitFor({ state: 'hidden', timeout: 20_000 });
    await expect.poll(() => page.locator('.ant-card').filter({ hasText: '救助链' }).innerText(), { timeout: 20_000 }).toContain('低保边缘家庭 · 有效');
    await screenshot(page, 'low-income-02-household-chain');

    // 2. The register: filter by category and name, open the calculation.
    await page.goto('/console/assistance/low-income');
    await settle(page);
    await page.getByPlaceholder('户主姓名').fill(target.headName);
    await page.getByPlaceholder('户主姓名').press('Enter');
    await settle(page);
    const row = page.locator('.ant-table-row').filter({ hasText: target.headName }).first();
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('低保边缘家庭');
    await row.getByText('详情').click();
    const drawer = page.locator('.ant-drawer');
    await expect.poll(() => drawer.innerText(), { timeout: 20_000 }).toContain('计算过程');
    await expect.poll(() => drawer.innerText()).toContain('属于低保边缘家庭');
    await screenshot(page, 'low-income-03-register-detail');
    await drawer.locator('.ant-drawer-close').click();

    // 3. The export is a workbook.
    const href = await page.getByRole('link', { name: /导出 xlsx/ }).getAttribute('href');
    const file = await page.request.get(href!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('spreadsheetml');

    // 4. Cancel with a reason: it leaves the list of those not cancelled.
    await row.getByText('注销').click();
    const cancel = page.locator('.ant-modal').filter({ hasText: '注销认定' });
    await cancel.locator('textarea').fill('家庭成员就业，收入增加');
    await cancel.getByRole('button', { name: /注\s*销/ }).click();
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: target.headName }).count(), { timeout: 20_000 }).toBe(0);
    await screenshot(page, 'low-income-04-cancelled');

    // 5. The reports page draws its charts from the demo payroll.
    await page.goto('/console/assistance/reports');
    await settle(page, 60_000);
    await expect.poll(() => page.locator('canvas').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByText('作出决定').count()).toBeGreaterThan(0);
    await screenshot(page, 'low-income-05-reports');
  }, 240_000);
});
