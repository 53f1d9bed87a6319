// The citizen's journey on a 360 px phone: a citizen signs in with a code, applies for dibao
// (camera photos, family consent codes), the township finds it in its console inbox and takes the first
// step there, the later steps go through the API (the console's casework is covered by its own
// screenshots), the county signs the payroll, and the citizen reads the decision, its explanation
// and the first payment. The seven-day public notice is passed by moving the server's clock
// (e2e/citizen.clock.mjs).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, login, newPage, ROOT, screenshot, settle, startServer, type TestServer } from './support';

let server: TestServer;
let browser: Browser;
let clockDir: string;
let citizen: { name: string; idNumber: string; phone: string };
const DAY = 86_400_000;

beforeAll(async () => {
  // the phone site as it is now (npm start builds it only when missing)
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'apps', 'citizen', 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  clockDir = await mkdtemp(join(tmpdir(), 'mz-e2e-clock-'));
  await writeFile(join(clockDir, 'offset'), '0');
  server = await startServer({
    env: { // no demo population: the journey's family is registered below, as a window would
      DEMO_PERSONS: '0',
      MZ_E2E_CLOCK_FILE: join(clockDir, 'offset'),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(ROOT, 'e2e', 'citizen.clock.mjs')}`.trim(),
    },
  });
  browser = await launchBrowser();
  citizen = await registerFamily();
}, 300_000);

/** GB 11643 check digit. */
function idNumber(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, d, i) => a + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** 冠山镇 registers a family of three (the parents with phones, a bank account) through the registry API. */
async function registerFamily() {
  const cw = await staff('guanshan');
  const village = '140321100201';
  const tag = String(Date.now() % 900 + 100);
  const idOf = (birth: string, seq: string) => idNumber(`140321${birth.replace(/-/g, '')}${tag.slice(0, 2)}${seq}`);
  const person = (name: string, birth: string, seq: string, phone: string | null, extra: object = {}) =>
    cw.post('/persons', { idNumber: idOf(birth, seq), name, divisionCode: village, urbanRural: 'rural', phone, ...extra });
  const head = await person('郭建平', '1979-03-14', '1', `1393530${tag}1`);
  const household = await cw.post('/households', {
    headPersonId: head.id, formedOn: '2003-05-01', address: '冠山镇东关街村 12 号',
    bankName: '平定县农村信用合作联社', bankAccount: `6224${tag}1234567890`.slice(0, 19), bankAccountName: '郭建平',
  });
  await person('刘翠英', '1981-08-02', '2', `1393530${tag}2`, { householdId: household.id, relation: '10' });
  await person('郭子涵', '2013-06-21', '3', null, { householdId: household.id, relation: '20' });
  return { name: '郭建平', idNumber: idOf('1979-03-14', '1'), phone: `1393530${tag}1` };
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (clockDir) await rm(clockDir, { recursive: true, force: true });
});

async function phoneContext(): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: server.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1,
  });
}

/** The newest code the demo SMS sender sent to `phone` (a full number, or masked as 139****1234). */
async function codeFor(phone: string): Promise<string> {
  const same = (p: string) => (phone.includes('*') ? p.slice(0, 3) === phone.slice(0, 3) && p.slice(-4) === phone.slice(-4) : p === phone);
  for (let i = 0; i < 50; i++) {
    const { items } = await (await fetch(`${server.baseUrl}/api/v1/citizen/dev/sms`)).json() as { items: { phone: string; text: string }[] };
    const m = items.find((x) => same(x.phone));
    const code = m?.text.match(/(\d{6})/)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code sent to ${phone}`);
}

async function staff(username: string) {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'minzheng-demo' }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.baseUrl}/api/v1${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { get: (p: string) => call('GET', p), post: (p: string, b: unknown = {}) => call('POST', p, b) };
}

/** A full-length picture of the phone page, with the sticky header and tabs where a reader meets them. */
async function shot(page: Page, name: string) {
  await settle(page);
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await screenshot(page, `citizen-${name}`);
  await page.setViewportSize(viewport);
}

/** The same page with large text off, then on (and off again). */
async function bothSizes(page: Page, name: string) {
  await shot(page, name);
  await page.getByRole('button', { name: '大字' }).click();
  await shot(page, `${name}-large`);
  await page.getByRole('button', { name: '标准字' }).click();
}

async function signInOnPhone(page: Page) {
  await page.goto('/m/');
  await page.getByLabel('身份证号码').fill(citizen.idNumber);
  await page.getByLabel('姓名').fill(citizen.name);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByLabel('短信验证码').waitFor();
  await page.getByLabel('短信验证码').fill(await codeFor(citizen.phone));
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: `${citizen.name}，您好` }).waitFor();
}

/** A 2400×1800 camera-like photo made in the page (the site shrinks it before upload). */
async function cameraPhoto(page: Page, label: string): Promise<Buffer> {
  const b64 = await page.evaluate((text) => {
    const c = document.createElement('canvas');
    c.width = 2400; c.height = 1800;
    const g = c.getContext('2d')!;
    for (let y = 0; y < 1800; y += 20) { g.fillStyle = `hsl(${(y / 7) % 360},40%,${60 + (y % 40) / 2}%)`; g.fillRect(0, y, 2400, 20); }
    g.fillStyle = '#222'; g.font = '160px sans-serif'; g.fillText(text, 120, 900);
    return c.toDataURL('image/jpeg', 0.95).split(',')[1];
  }, label);
  return Buffer.from(b64, 'base64');
}

describe('citizen journey on a phone', () => {
  let applicationId: number;

  it('signs in with a code, applies for dibao with photos and family consent', async () => {
    const context = await phoneContext();
    const page = await context.newPage();
    await page.goto('/m/');
    await bothSizes(page, '01-signin');
    await page.getByLabel('身份证号码').fill(citizen.idNumber);
    await page.getByLabel('姓名').fill(citizen.name);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByLabel('短信验证码').waitFor();
    await shot(page, '02-code');
    await page.getByLabel('短信验证码').fill(await codeFor(citizen.phone));
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: `${citizen.name}，您好` }).waitFor();
    await bothSizes(page, '03-home');

    await page.getByRole('link', { name: /我的家/ }).first().click();
    await page.getByRole('heading', { name: '我的家' }).waitFor();
    expect(await page.locator('.people').innerText()).not.toContain(citizen.idNumber); // masked
    await shot(page, '04-household');

    await page.goto('/m/apply?programme=dibao');
    await page.getByText('第 1 步').waitFor();
    await shot(page, '05-apply-members');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel(/每月收入（元）/).first().fill('300');
    await shot(page, '06-apply-income');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('存款、理财一共多少元').fill('2000');
    await page.getByRole('button', { name: '下一步' }).click();

    const inputs = page.locator('input[type=file]');
    for (const [i, what] of [[0, '户口簿'], [1, '身份证']] as const) {
      await inputs.nth(i).setInputFiles({ name: `${what}.jpg`, mimeType: 'image/jpeg', buffer: await cameraPhoto(page, what) });
      await page.getByRole('img', { name: new RegExp(what) }).waitFor({ timeout: 30_000 });
    }
    const sizes = await page.locator('.photo [role=status]').allInnerTexts();
    for (const s of sizes.slice(0, 2)) expect(Number(/（(\d+) KB）/.exec(s)?.[1])).toBeLessThan(600); // shrunk on the phone
    await shot(page, '07-apply-photos');
    await page.getByRole('button', { name: '下一步' }).click();

    const ask = page.getByRole('button', { name: /^给.+发验证码$/ });
    while (await ask.count()) {
      const who = (await ask.first().innerText()).replace(/^给|发验证码$/g, '');
      await ask.first().click();
      const sent = await page.getByText(`已发到 ${who} 的手机`).innerText();
      await page.getByLabel(`${who}收到的验证码`).fill(await codeFor(/(\d{3}\*{4}\d{4})/.exec(sent)![1]));
      await page.getByRole('button', { name: `确认${who}同意` }).click();
      await page.locator('.consent.done', { hasText: who }).waitFor();
    }
    await page.getByLabel(/我本人同意/).check();
    await bothSizes(page, '08-apply-consent');
    await page.getByRole('button', { name: '下一步' }).click();
    await shot(page, '09-apply-review');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(/\/m\/cases\/\d+$/, { timeout: 30_000 });
    applicationId = Number(/cases\/(\d+)/.exec(page.url())![1]);
    await page.getByText('已收到申请').first().waitFor();
    await bothSizes(page, '10-case-received');
    await context.close();
  });

  it('shows the online application in the township inbox of the console, where the township takes it up', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'guanshan');
    const cw = await staff('guanshan');
    const inbox = await cw.get('/inbox?pageSize=200&workflowKey=assistance.dibao');
    const item = inbox.items.find((i: { subjectId: string }) => Number(i.subjectId) === applicationId);
    expect(item).toMatchObject({ title: `${citizen.name} 最低生活保障申请`, state: 'accepted' });
    await page.goto('/console/inbox');
    await settle(page);
    await screenshot(page, 'citizen-11-township-inbox');
    await page.goto(`/console/assistance/applications/${applicationId}`);
    await page.getByText(citizen.name).first().waitFor();
    await settle(page);
    await screenshot(page, 'citizen-11-township-application');
    // the township takes the first step in the console: start the verification of income and assets
    await page.goto(`/console/cases/${item.instanceId}`);
    await page.getByRole('button', { name: '发起经济状况核对' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认办理' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByText('经济状况核对中').first().waitFor();
    await settle(page);
    await screenshot(page, 'citizen-11-township-case-verifying');
    await page.context().close();
  });

  it('is processed by the township and the county, and paid after the county signs the payroll', async () => {
    const cw = await staff('guanshan');
    const app = `/assistance/applications/${applicationId}/transitions`;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await cw.post(`${app}/attachReport`, { input: {
      sources: [{ source: 'social_insurance', finding: '无社保缴费记录' }, { source: 'bank_deposits', finding: '存款合计 2000 元', assetsFen: 200_000 }],
      totals: { monthlyIncomeFen: 30_000, financialAssetsFen: 200_000 },
    } });
    await cw.post(`${app}/recordVisit`, { input: {
      visitedOn: today, investigators: [{ name: '赵立新', signed: true }, { name: '钱晓燕', signed: true }],
      findings: { housing: '自有平房两间', livingConditions: '家庭收入低，生活困难', incomeMatchesDeclaration: true },
    } });
    await cw.post(`${app}/publishNotice`);

    // the seven-day public notice passes
    await writeFile(join(clockDir, 'offset'), String(8 * DAY));
    await new Promise((r) => setTimeout(r, 400));
    await (await staff('guanshan')).post(`${app}/closeNotice`);
    const county = await staff('pingding');
    const decided = await county.post(`${app}/approve`, { comment: '经审核，符合低保条件' });
    expect(decided.decision).toBe('approved');
    const month = decided.fromMonth as string;

    const { jobId } = await county.post('/payments/runs', { month, countyCode: '140321' });
    for (let i = 0; i < 120; i++) {
      const job = await county.get(`/payments/jobs/${jobId}`);
      if (job.status === 'failed') throw new Error(`payroll failed: ${JSON.stringify(job.error)}`);
      if (job.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const run = (await county.get(`/payments/runs?month=${month}&countyCode=140321`)).items[0];
    await county.post(`/payments/runs/${run.id}/sign`);
  });

  it('shows the citizen the decision, its explanation, the first payment and the notices', async () => {
    const context = await phoneContext();
    const page = await context.newPage();
    await signInOnPhone(page); // the earlier session has long expired
    await page.goto(`/m/cases/${applicationId}`);
    await page.getByRole('heading', { name: '已批准' }).waitFor();
    const card = await page.locator('.card-good').innerText();
    expect(card).toMatch(/每月 [\d.]+ 元/);
    expect(card).toContain('怎么算出来的');
    expect(await page.locator('.card-good .explain li').count()).toBeGreaterThan(1);
    expect(await page.locator('.timeline li').count()).toBeGreaterThanOrEqual(7);
    await bothSizes(page, '12-case-approved');

    await page.getByRole('link', { name: '发放' }).click();
    await page.getByRole('heading', { name: '发放记录' }).waitFor();
    await page.getByText(/已发放合计/).waitFor();
    expect(await page.locator('.months li').count()).toBe(1);
    await bothSizes(page, '13-payments');

    await page.getByRole('link', { name: '消息' }).click();
    await page.getByRole('heading', { name: '消息' }).waitFor();
    await page.getByRole('button', { name: /已批准/ }).first().click();
    await page.getByText(/每月 [\d.]+ 元/).first().waitFor();
    expect(await page.locator('.notices li').count()).toBeGreaterThanOrEqual(6);
    await bothSizes(page, '14-notices');

    await page.goto('/m/help');
    await page.getByLabel('全家每月总收入大约多少元').fill('500');
    await page.getByRole('button', { name: '看看结果' }).click();
    await page.getByText(/估算结果/).waitFor();
    await page.locator('.card').getByRole('button', { name: /^低保/ }).first().click(); // the plain meaning of a term
    await page.getByRole('note').first().waitFor();
    await bothSizes(page, '15-help');

    // nothing on the page is wider than the 360 px screen
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(360);
    await context.close();
  });
});
