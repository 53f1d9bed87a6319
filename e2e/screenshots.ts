/**
 * Screenshots of the staff console's main pages, for review.
 *   BASE_URL=http://127.0.0.1:8080 npx tsx e2e/screenshots.ts
 * Logs in through the login page as guanshan (township), admin (city) and auditor, and writes
 * 1440×900 PNGs to test-output/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const OUT = join(process.cwd(), 'test-output', 'screenshots');
const PASSWORD = process.env.DEMO_PASSWORD ?? 'minzheng-demo';
const problems: string[] = [];

async function settle(page: Page) {
  await page.waitForSelector('.mz-page-head, .ant-result, .ant-card, .mz-login', { timeout: 15_000 }).catch(() => undefined);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), undefined, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(400);
}

async function shot(page: Page, name: string) {
  await settle(page);
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`  ✓ ${name}.png`);
}

async function go(page: Page, path: string, name: string) {
  await page.goto(`${BASE_URL}/console${path}`);
  await shot(page, name);
}

async function login(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`[${username}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`[${username}] console: ${m.text()}`);
    if (m.type() === 'warning' && /antd/.test(m.text())) problems.push(`[${username}] ${m.text()}`);
  });
  // the session probe before login answers 401 by design; anything else failing is worth a look
  page.on('response', (r) => {
    const expected = r.status() === 401 || (r.status() === 409 && /\/persons$/.test(r.url())); // probe; the duplicate-ID step
    if (r.status() >= 400 && !expected) problems.push(`[${username}] HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  await page.goto(`${BASE_URL}/console/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 15_000 });
  console.log(`${username}: logged in`);
  return page;
}

async function firstHref(page: Page, selector: string): Promise<string | null> {
  const el = page.locator(selector).first();
  if (!(await el.count())) return null;
  const href = await el.getAttribute('href');
  return href ? href.replace(/^.*\/console/, '') : null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(area: string, birth: string, seq: number, gender: 'M' | 'F'): string {
  // the 17th digit is odd for men and even for women
  const order = seq - (seq % 2) + (gender === 'M' ? 1 : 0);
  const id17 = `${area}${birth}${String(order).padStart(3, '0')}`;
  const sum = [...id17].reduce((a, d, i) => a + Number(d) * WEIGHTS[i], 0);
  return id17 + '10X98765432'[sum % 11];
}

/** The server's own template with a few rows filled in: two households and one bad row. */
async function rosterFile(page: Page, villageCode: string): Promise<string> {
  const res = await page.request.get(`${BASE_URL}/api/v1/registry/import/template`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.body()) as never);
  const ws = wb.worksheets.find((w) => /花名册/.test(w.name)) ?? wb.worksheets[0];
  let header = 1;
  ws.eachRow((row, n) => {
    if (row.getCell(1).text.startsWith('户编号')) header = n;
  });
  const headers: string[] = [];
  ws.getRow(header).eachCell((cell, i) => (headers[i] = cell.text));
  const col = (prefix: string) => {
    const i = headers.findIndex((h) => h?.startsWith(prefix));
    if (i < 1) throw new Error(`template has no column ${prefix}`);
    return i;
  };
  const seq = (Date.now() % 400) * 2;
  const rows = [
    { ref: '1', rel: '户主', name: '郝建军', id: idNumber(villageCode.slice(0, 6), '19780312', seq, 'M'), phone: '13903531234' },
    { ref: '1', rel: '配偶', name: '刘翠萍', id: idNumber(villageCode.slice(0, 6), '19800507', seq + 2, 'F'), phone: '' },
    { ref: '1', rel: '子', name: '郝浩然', id: idNumber(villageCode.slice(0, 6), '20080921', seq + 4, 'M'), phone: '' },
    { ref: '2', rel: '户主', name: '乔福生', id: idNumber(villageCode.slice(0, 6), '19520118', seq + 6, 'M'), phone: '' },
    { ref: '2', rel: '配偶', name: '白秀英', id: '14032119550230002X', phone: '' },
  ];
  let n = ws.rowCount + 1;
  for (const r of rows) {
    const row = ws.getRow(n++);
    row.getCell(col('户编号')).value = r.ref;
    row.getCell(col('与户主关系')).value = r.rel;
    row.getCell(col('姓名')).value = r.name;
    row.getCell(col('公民身份号码')).value = r.id;
    row.getCell(col('民族')).value = '汉族';
    if (r.phone) row.getCell(col('手机号码')).value = r.phone;
    row.getCell(col('户籍地区划代码')).value = villageCode;
    row.getCell(col('城乡')).value = '农村';
    row.getCell(col('详细地址')).value = '冠山镇示范村1号';
    row.commit();
  }
  const file = join(OUT, '..', 'roster-sample.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // login page, including an inline error from the API
    {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`${BASE_URL}/console/login`);
      await shot(page, '00-login');
      // an unknown account, so repeated runs never lock a demo user out
      await page.getByLabel('用户名').fill('no-such-user');
      await page.getByLabel('密码').fill('wrong-password');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.locator('[data-testid="login-error"]').waitFor({ timeout: 10_000 }).catch(() => problems.push('login error not shown'));
      await shot(page, '01-login-error');
      await context.close();
    }

    // township caseworker
    {
      const page = await login(browser, 'guanshan');
      await shot(page, 'guanshan-01-home');
      await go(page, '/divisions', 'guanshan-02-divisions');
      const village = page.locator('.ant-table-tbody a').first();
      if (await village.count()) {
        await village.click();
        await shot(page, 'guanshan-03-divisions-village');
      }
      await go(page, '/persons', 'guanshan-04-persons');
      await go(page, '/persons?ageMin=60&status=living&sort=birthDate&order=asc', 'guanshan-05-persons-filtered');
      const personPath = await firstHref(page, '.ant-table-tbody a[href*="/persons/"]');
      let revealedId: string | null = null;
      if (personPath) {
        await go(page, personPath, 'guanshan-06-person-detail');
        const reveal = page.locator('[data-testid="reveal-idNumber"]');
        if (await reveal.count()) {
          await reveal.click();
          await page.getByLabel('查看事由').fill('核对低保申请人身份信息');
          await shot(page, 'guanshan-07-person-reveal-reason');
          await page.getByRole('button', { name: '确认查看' }).click();
          await page.getByText('隐藏').first().waitFor({ timeout: 10_000 }).catch(() => problems.push('reveal did not show the value'));
          revealedId = (await page.locator('.ant-descriptions .ant-typography.mz-mono').first().textContent().catch(() => null))?.trim() ?? null;
          await shot(page, 'guanshan-08-person-revealed');
        }
        await page.getByRole('button', { name: /编\s*辑/ }).first().click();
        await page.locator('.ant-drawer-body').first().waitFor({ timeout: 10_000 }).catch(() => problems.push('edit drawer did not open'));
        await shot(page, 'guanshan-09-person-edit');
        // a change that the audit log will show as a before/after diff
        await page.locator('.ant-drawer #phone').fill('13903530000');
        await page.locator('.ant-drawer').getByRole('button', { name: /保\s*存/ }).click();
        await page.locator('.ant-drawer').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => problems.push('person edit did not save'));
        const hhPath = await firstHref(page, 'a[href*="/households/"]');
        if (hhPath) await go(page, hhPath, 'guanshan-10-household');
      } else problems.push('no person in the list to open');
      const township = await page.request.get(`${BASE_URL}/api/v1/divisions/140321100`).then((r) => r.json()).catch(() => null);
      const villageCode: string | undefined = township?.children?.find((c: { kind: string }) => c.kind === "village")?.code ?? township?.children?.[0]?.code;
      await go(page, `/persons?new=1${villageCode ? `&divisionCode=${villageCode}` : ''}`, 'guanshan-11-person-new');
      if (revealedId) {
        // a duplicate ID number: the server's field error lands on the field
        await page.locator('.ant-drawer #idNumber').fill(revealedId);
        await page.locator('.ant-drawer #name').fill('重复登记测试');
        await page.locator('.ant-drawer').getByRole('button', { name: /保\s*存/ }).click();
        await page.locator('.ant-form-item-explain-error').first().waitFor({ timeout: 10_000 }).catch(() => problems.push('duplicate ID error not shown'));
        await shot(page, 'guanshan-12-person-new-duplicate');
      }
      await go(page, '/import', 'guanshan-13-import');
      const file = villageCode ? await rosterFile(page, villageCode).catch((e) => (problems.push(`roster sample: ${e.message}`), null)) : null;
      if (file) {
        await page.locator('input[type=file]').setInputFiles(file);
        await page.getByText('仅导入正确行').click();
        await page.getByRole('button', { name: /开始导入/ }).click();
        await page.locator('.ant-result').waitFor({ timeout: 60_000 }).catch(() => problems.push('import did not finish'));
        await shot(page, 'guanshan-14-import-result');
      }
      await go(page, '/audit', 'guanshan-15-audit-forbidden');
      await go(page, '/no-such-page', 'guanshan-16-not-found');
      await page.context().close();
    }

    // city administrator
    {
      const page = await login(browser, 'admin');
      await shot(page, 'admin-01-home');
      await go(page, '/divisions', 'admin-02-divisions');
      await go(page, '/users', 'admin-03-users');
      await page.getByRole('button', { name: /新建用户/ }).click();
      await shot(page, 'admin-04-user-new');
      await page.keyboard.press('Escape');
      await go(page, '/audit', 'admin-05-audit');
      await page.context().close();
    }

    // leader: everything in the city, read-only
    {
      const page = await login(browser, 'leader');
      await go(page, '/persons?divisionCode=140321&ageMin=80', 'leader-01-persons-readonly');
      const personPath = await firstHref(page, '.ant-table-tbody a[href*="/persons/"]');
      if (personPath) await go(page, personPath, 'leader-02-person-readonly');
      await page.context().close();
    }

    // auditor
    {
      const page = await login(browser, 'auditor');
      await shot(page, 'auditor-01-landing');
      await go(page, '/audit?action=person.updated', 'auditor-02-audit-filtered');
      let expand = page.locator('.ant-table-row-expand-icon').first();
      if (!(await expand.count())) {
        await go(page, '/audit', 'auditor-02-audit-filtered');
        expand = page.locator('.ant-table-row-expand-icon').first();
      }
      if (await expand.count()) {
        await expand.click();
        await shot(page, 'auditor-03-audit-diff');
      }
      await page.getByRole('button', { name: /校验哈希链/ }).click();
      await page.locator('.ant-alert').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
      await shot(page, 'auditor-04-audit-verify');
      await go(page, '/persons', 'auditor-05-persons-forbidden');
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
  if (problems.length) {
    console.log(`\n${problems.length} problem(s):`);
    for (const p of problems) console.log(`  - ${p}`);
  }
  console.log(`\nscreenshots in ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
