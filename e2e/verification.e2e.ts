// Verification and monitoring journey: (1) a township caseworker requests the household economic
// verification of a dibao application; (2) the departments answer in the background, the report
// arrives and the caseworker opens a discrepancy; (3) a monitoring scan finds a household at risk in
// a village, and the village helper — on a phone, 360 px wide — sees the alert in the inbox and
// closes it with an outcome; (4) a periodic review asks for the verification: the consents are given
// at the review, and the report arrives on the review by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { idNumberCheckDigit } from '../packages/kernel/src/id-number';
import { launchBrowser, login, newPage, screenshot, settle, startServer, type TestServer } from './support';

let server: TestServer;
let browser: Browser;
let applicationId = 0;
let atRisk: RegExp = /$^/;
let reviewId = 0;
const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function session(username: string) {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'minzheng-demo' }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.baseUrl}/api/v1${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = await r.json().catch(() => null);
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { get: (p: string) => call('GET', p), post: (p: string, b?: unknown) => call('POST', p, b), me: () => call('GET', '/auth/me') };
}

let seq = 100 + Math.floor(Math.random() * 400);
const idNumber = (birth: string, gender: 'M' | 'F') => {
  seq += 1;
  const order = String(seq * 2 + (gender === 'M' ? 1 : 0)).slice(-3);
  const first17 = `140321${birth.replace(/-/g, '')}${order}`;
  return first17 + idNumberCheckDigit(first17);
};

/** A household of two adults in a village, made through the registry's API as the caseworker. */
async function household(cw: Awaited<ReturnType<typeof session>>, village: string, names: [string, string]) {
  const ids = [idNumber('1972-04-18', 'M'), idNumber('1975-09-02', 'F')];
  const head = { ...(await cw.post('/persons', { idNumber: ids[0], name: names[0], divisionCode: village, urbanRural: 'rural' })), idNumber: ids[0] };
  const spouse = { ...(await cw.post('/persons', { idNumber: ids[1], name: names[1], divisionCode: village, urbanRural: 'rural' })), idNumber: ids[1] };
  const h = await cw.post('/households', { headPersonId: head.id, formedOn: '2000-01-01' });
  await cw.post(`/households/${h.id}/members`, { personId: spouse.id, relation: '10', joinedOn: '2000-01-01' });
  return { householdId: h.id as number, head, spouse };
}

beforeAll(async () => {
  // a small demo population: enrolled households whose periodic review has come due
  server = await startServer({ env: { DEMO_PERSONS: '3000' } });
  browser = await launchBrowser();
  const cw = await session('guanshan');
  const village = (await (await session('guanshan-helper')).me()).user.divisionCode as string;
  // (1) an application to verify
  const a = await household(cw, village, ['韩志刚', '郭秀梅']);
  const app = await cw.post('/assistance/applications', {
    programme: 'dibao', householdId: a.householdId, applicantPersonId: a.head.id,
    members: [a.head, a.spouse].map((m) => ({ personId: m.id, included: true })),
    incomes: [{ personId: a.head.id, kind: 'wage', monthlyFen: 80000 }],
    consents: [a.head, a.spouse].map((m) => ({ personId: m.id, kind: 'electronic', confirmedBy: m.name, confirmedAt: '2026-11-02T09:30:00+08:00' })),
    documents: ['application_form', 'household_register', 'id_cards', 'income_statement'].map((code) => ({ code })),
  });
  applicationId = app.id;
  // (3) a household at risk: the departments push an unemployment and a large hospital bill
  const b = await household(cw, village, ['田建军', '冯桂香']);
  atRisk = new RegExp(`${b.head.name}|${b.spouse.name}`); // the alert names whoever carries the strongest signal
  const admin = await session('admin');
  await admin.post('/verification/sources/social_insurance/push', { records: [{ idNumber: b.head.idNumber, kind: 'unemployment', eventDate: TODAY }] });
  await admin.post('/verification/sources/medical_insurance/push', { records: [{ idNumber: b.spouse.idNumber, kind: 'medical_expense', amountFen: 4_200_000, eventDate: TODAY, detail: '住院' }] });
  // (4) the reviews due today; one of the caseworker's township
  const { opened } = await admin.post('/assistance/reviews/schedule');
  for (const o of opened as { reviewId: number }[]) {
    const r = await cw.get(`/assistance/reviews/${o.reviewId}`).catch(() => null);
    if (r) { reviewId = o.reviewId; break; }
  }
}, 300_000);

/** A phone: 360 × 740, touch, the console's own sign-in page. */
async function phonePage(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  return context.newPage();
}
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

afterAll(async () => { await browser?.close(); await server?.stop(); });

describe('verification journey', () => {
  it('a caseworker requests verification, the report arrives, and a discrepancy opens', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'guanshan');
    await page.goto(`${server.baseUrl}/console/verification/requests`);
    await settle(page);
    await page.locator('input#applicationId').fill(String(applicationId));
    await page.getByRole('button', { name: /发起核对/ }).click();
    await page.waitForURL(/\/console\/verification\/requests\/\d+$/, { timeout: 20_000 });
    await expect.poll(() => page.getByText('已出具', { exact: true }).count(), { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);
    await settle(page);
    await screenshot(page, 'verification-01-report');
    const discrepancy = page.locator('.ant-card').filter({ hasText: '差异（' }).locator('.ant-table-row a').first();
    await expect.poll(() => discrepancy.count(), { timeout: 10_000 }).toBe(1);
    const title = await discrepancy.innerText();
    await discrepancy.click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '相关部门记录' });
    await expect.poll(() => drawer.innerText().catch(() => ''), { timeout: 10_000 }).toContain(title);
    expect(await drawer.innerText()).toContain('相关部门记录');
    await screenshot(page, 'verification-02-discrepancy');
    // the case moved on by itself to the home visit
    await page.goto(`${server.baseUrl}/console/assistance/applications/${applicationId}`);
    await settle(page);
    await expect.poll(() => page.getByText('入户调查').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it('a village helper on a phone sees the new alert in the inbox and closes it with an outcome', async () => {
    const admin = await session('admin');
    const scan = await admin.post('/monitoring/scans', { divisionCode: '1403' });
    expect(scan.alerts).toBeGreaterThan(0);
    const page = await phonePage();
    await page.goto('/console/login');
    await settle(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'verification-03-phone-login');
    await login(page, 'guanshan-helper');
    // the menu is a drawer at this width
    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.locator('.mz-drawer');
    await drawer.getByText('我的待办').click();
    await page.waitForURL(/\/console\/inbox$/, { timeout: 10_000 });
    // choosing a page closes the drawer
    await expect.poll(() => drawer.isVisible(), { timeout: 5_000 }).toBe(false);
    await settle(page);
    const task = page.locator('.mz-inbox-item').filter({ hasText: atRisk });
    await expect.poll(() => task.count(), { timeout: 20_000 }).toBe(1);
    expect(await task.innerText()).toContain('预警');
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'verification-03-helper-inbox-phone');
    await page.goto('/console/verification/alerts');
    await settle(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    const row = page.locator('.ant-table-row').filter({ hasText: atRisk });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await row.getByRole('button', { name: /办\s*结/ }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '走访结果' });
    await modal.getByText('已引导申请救助').click();
    await modal.locator('textarea').fill('已入户走访，协助提交低保申请');
    await modal.getByRole('button', { name: /办\s*结/ }).click();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0);
    await page.goto('/console/verification/alerts?status=closed');
    await settle(page);
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: atRisk }).filter({ hasText: '已引导申请救助' }).count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'verification-04-alert-closed');
  });

  it('a periodic review asks for the verification, and the report arrives on the review by itself', async () => {
    expect(reviewId, 'a review of 冠山镇 is due in the demo').toBeGreaterThan(0);
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'guanshan');
    await page.goto(`${server.baseUrl}/console/assistance/reviews/${reviewId}`);
    await settle(page);
    // the demo enrolment holds no consents: they are given at the review
    const consent = page.getByRole('button', { name: /登记授权书/ });
    if (await consent.count()) {
      await consent.click();
      await page.locator('.ant-modal').filter({ hasText: '登记家庭经济状况核对授权书' }).getByRole('button', { name: /确认登记/ }).click();
      await expect.poll(() => consent.count(), { timeout: 10_000 }).toBe(0);
    }
    await page.getByRole('button', { name: /发起核对/ }).click();
    const used = page.locator('.ant-descriptions').filter({ hasText: '复核所用核对报告' });
    await expect.poll(() => used.count(), { timeout: 60_000, interval: 1000 }).toBe(1);
    await settle(page);
    await screenshot(page, 'verification-05-review-report');
    expect(await page.locator('.ant-page-header, .mz-page-head').innerText()).toContain('核对报告已出具');
    await used.locator('a[href*="/verification/requests/"]').first().click();
    await page.waitForURL(/\/console\/verification\/requests\/\d+$/, { timeout: 20_000 });
    await expect.poll(() => page.getByText('已出具', { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });
});
