// The foundation's journey: a township caseworker finds a person, opens the household, corrects a
// phone number (first a wrong one, refused on the field), and the auditor sees the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, newPage, screenshot, settle, startServer, type TestServer } from './support';

let server: TestServer;
let browser: Browser;
let target: { id: number; name: string; householdId: number };

beforeAll(async () => {
  server = await startServer({ env: { DEMO_PERSONS: '3000' } });
  browser = await launchBrowser();
  // Pick a living adult of 冠山镇 who belongs to a household, through the API as the caseworker.
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'guanshan', password: 'minzheng-demo' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const res = await fetch(`${server.baseUrl}/api/v1/persons?status=living&ageMin=30&ageMax=60&pageSize=50`, { headers: { cookie } });
  const { items } = (await res.json()) as { items: { id: number; name: string; householdId: number | null }[] };
  const p = items.find((i) => i.householdId && !items.some((o) => o !== i && o.name === i.name))!;
  target = { id: p.id, name: p.name, householdId: p.householdId! };
}, 240_000);

afterAll(async () => { await browser?.close(); await server?.stop(); });

async function fieldError(page: Page, label: string) {
  const item = page.locator('.ant-form-item').filter({ has: page.locator(`label:text-is("${label}")`) });
  return item.locator('.ant-form-item-explain-error');
}

describe('registry journey', () => {
  it('a caseworker finds a person, opens the household and corrects the phone; the auditor sees it', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'guanshan');
    await screenshot(page, 'journey-01-home');

    // 1. Find the person by name.
    await page.getByRole('link', { name: '人员查询' }).first().click();
    await settle(page);
    await page.getByPlaceholder('姓名 / 身份证号 / 电话').fill(target.name);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await settle(page);
    const row = page.locator('.ant-table-row').filter({ hasText: target.name }).first();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'journey-02-search');

    // 2. Open the household.
    await row.getByRole('link', { name: '家庭' }).click();
    await settle(page);
    expect(new URL(page.url()).pathname).toBe(`/console/households/${target.householdId}`);
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: target.name }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, 'journey-03-household');

    // 3. Open the person and edit the phone: a wrong number is refused on the field.
    await page.locator('.ant-table-row').filter({ hasText: target.name }).getByRole('link', { name: target.name }).first().click();
    await settle(page);
    await page.getByRole('button', { name: /编\s*辑/ }).first().click();
    const drawer = page.locator('.ant-drawer').filter({ has: page.locator('input#phone') });
    const phone = drawer.locator('input#phone');
    await phone.waitFor();
    await phone.fill('12345678901'); // 11 digits from 1, but no mobile network begins with 12
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    const err = await fieldError(page, '联系电话');
    await expect.poll(() => err.innerText().catch(() => ''), { timeout: 20_000 }).toContain('手机号');
    await screenshot(page, 'journey-04-wrong-phone');

    await phone.fill('13912345678');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await phone.waitFor({ state: 'hidden' });
    await settle(page);
    await expect.poll(() => page.getByText('139****5678').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, 'journey-05-phone-saved');

    // 4. The auditor sees the change, with before and after.
    const auditor = await newPage(browser, server.baseUrl);
    await login(auditor, 'auditor');
    await auditor.goto(`${server.baseUrl}/console/audit?entityType=person&entityId=${target.id}`);
    await settle(auditor);
    const entry = auditor.locator('.ant-table-row').filter({ hasText: 'guanshan' }).first();
    await expect.poll(() => entry.count(), { timeout: 20_000 }).toBe(1);
    await entry.locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => auditor.getByText('139****5678').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(auditor, 'journey-06-audit');
  }, 180_000);
});
