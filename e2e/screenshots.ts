/**
 * Screenshots of the staff console's main pages, for review.
 *   BASE_URL=http://127.0.0.1:8080 npx tsx e2e/screenshots.ts
 * Logs in through the login page as guanshan (township), admin (city) and auditor, and writes
 * 1440×900 PNGs to test-output/screenshots/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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
    const expected = r.status() === 401 || (r.status() === 409 && /\/persons$/.test(r.url())) // probe; the duplicate-ID step
      || (r.status() === 422 && /\/transitions\/|\/assistance\/standards|\/assistance\/applications$/.test(r.url())) // refusals shown on purpose
      || (r.status() === 409 && /\/payments\/runs$/.test(r.url())); // a signed month, when the script runs again
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


/** Types a date into an antd DatePicker found by its input's id, and confirms it. */
async function pickDate(page: Page, selector: string, value: string) {
  const input = page.locator(selector).first();
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** A bank return file built from the run's own disbursement CSV: first line failed, the rest paid, one stray row. */
async function bankReturnFile(page: Page, runId: string): Promise<string> {
  const res = await page.request.get(`${BASE_URL}/api/v1/payments/runs/${runId}/bank-file.csv`);
  const text = res.ok() ? (await res.text()).replace(/^\uFEFF/, '') : '';
  const rows = text.split(/\r?\n/).filter(Boolean).map((l) => l.split(','));
  const header = rows.findIndex((r) => r.some((c) => /账号/.test(c)));
  const out = ['银行账号,金额,状态,失败原因'];
  if (header >= 0) {
    const h = rows[header];
    const acc = h.findIndex((c) => /账号/.test(c));
    const amt = h.findIndex((c) => /金额/.test(c));
    rows.slice(header + 1).forEach((r, i) => {
      if (r[acc] && r[amt]) out.push(`${r[acc].replace(/[="\s]/g, '')},${r[amt].replace(/[="\s]/g, '')},${i === 0 ? '失败,账户已销户' : '成功,'}`);
    });
  }
  out.push('6222000011112222333,100.00,成功,');
  const file = join(OUT, '..', 'bank-return-sample.csv');
  writeFileSync(file, out.join('\n'));
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


    // casework: 待办, a case and its step forms, an application, the calculator (township caseworker)
    {
      const page = await login(browser, 'guanshan');
      await go(page, '/inbox', 'case-01-inbox');
      const casePath = await firstHref(page, '.ant-table-tbody a[href*="/cases/"]');
      // the case waiting for a home visit, if one is there; otherwise the first
      let visitCase: string | null = null;
      for (const row of await page.locator('.ant-table-tbody tr').all()) {
        if (/登记入户调查/.test((await row.textContent()) ?? '')) {
          visitCase = (await row.locator('a[href*="/cases/"]').first().getAttribute('href'))?.replace(/^.*\/console/, '') ?? null;
          break;
        }
      }
      const target = visitCase ?? casePath;
      if (target) {
        await go(page, target, 'case-02-detail');
        const visit = page.getByRole('button', { name: '登记入户调查' });
        if (await visit.count()) {
          await visit.click();
          await page.locator('.ant-modal-body').waitFor({ timeout: 10_000 });
          await shot(page, 'case-03-step-form');
          await pickDate(page, '.ant-modal #input_visitedOn', new Date().toISOString().slice(0, 10));
          // two investigators with the same name: the workflow's guard refuses
          await page.locator('.ant-modal #input_investigators_0_name').fill('赵立新');
          await page.locator('.ant-modal #input_investigators_1_name').fill('赵立新');
          await page.locator('.ant-modal #input_investigators_0_signed').check();
          await page.locator('.ant-modal #input_investigators_1_signed').check();
          await page.locator('.ant-modal #input_findings_housing').fill('自有平房两间，年久失修');
          await page.locator('.ant-modal #input_findings_livingConditions').fill('老两口身体欠佳，子女在外务工');
          await page.getByRole('button', { name: '确认办理' }).click();
          await page.locator('.ant-modal .ant-alert-error').waitFor({ timeout: 10_000 }).catch(() => problems.push('step refusal not shown'));
          await shot(page, 'case-04-step-refused');
          await page.locator('.ant-modal #input_investigators_1_name').fill('钱晓燕');
          await page.locator('.ant-modal #comment').fill('已入户核实，情况属实');
          await page.getByRole('button', { name: '确认办理' }).click();
          await page.locator('.ant-modal').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => problems.push('home visit not recorded'));
          await shot(page, 'case-05-after-step');
        }
        const extend = page.getByRole('button', { name: /延长办理时限/ });
        if (await extend.count()) {
          await extend.click();
          await page.locator('.ant-modal #reason').fill('申请人家庭收入来源复杂，需跨部门补充核对');
          await shot(page, 'case-08-extend');
          await page.getByRole('button', { name: '确认延长' }).click();
          await page.locator('.ant-modal').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => problems.push('extension not saved'));
          await shot(page, 'case-09-extended');
        }
        const appLink = page.getByRole('link', { name: '查看申请材料' });
        if (await appLink.count()) {
          await appLink.click();
          await shot(page, 'case-06-application');
        }
      } else problems.push('inbox is empty: no case to open (create an application first)');
      await go(page, '/assistance/calculator', 'calc-01-empty');
      await page.getByRole('button', { name: /开始测算/ }).click();
      await page.locator('.mz-steps').waitFor({ timeout: 10_000 }).catch(() => problems.push('calculator gave no result'));
      await shot(page, 'calc-02-result');
      await page.screenshot({ path: join(OUT, 'calc-03-result-full.png'), fullPage: true });
      await go(page, '/payments/runs', 'pay-01-runs-township');
      const hhPath = await page.request.get(`${BASE_URL}/api/v1/persons?divisionCode=140321100&pageSize=50`).then((r) => r.json()).then((j) => j.items.find((p: { householdId: string | null }) => p.householdId)?.householdId).catch(() => null);
      if (hhPath) {
        await go(page, `/households/${hhPath}`, 'hh-01-household-assistance');
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await shot(page, 'hh-02-household-assistance-card');
        await go(page, `/assistance/applications/new?householdId=${hhPath}`, 'app-01-intake');
        await page.getByRole('button', { name: /受\s*理/ }).last().click();
        await page.locator('.ant-alert-error').first().waitFor({ timeout: 10_000 }).catch(() => problems.push('intake did not list what is missing'));
        await shot(page, 'app-02-intake-missing');
      }
      await page.context().close();
    }

    // payroll (county approver): generate with live progress, sign, bank return, failures
    {
      const page = await login(browser, 'pingding');
      await go(page, '/payments/runs', 'pay-02-runs');
      await page.getByRole('button', { name: /生成名册/ }).click();
      const month = process.env.PAYROLL_MONTH ?? new Date(Date.now() + 31 * 86400_000).toISOString().slice(0, 7);
      await pickDate(page, '.ant-modal #month', month);
      await shot(page, 'pay-03-generate');
      await page.getByRole('button', { name: /开始生成|重新生成/ }).click();
      await page.locator('[data-testid="payroll-progress"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
      await page.screenshot({ path: join(OUT, 'pay-04-progress.png') });
      const view = page.getByRole('button', { name: '查看名册' });
      const refused = page.locator('.ant-modal .ant-form-item-explain-error, .ant-modal .ant-alert-error');
      await Promise.race([view.waitFor({ timeout: 60_000 }), refused.first().waitFor({ timeout: 60_000 })]).catch(() => problems.push('payroll run did not finish'));
      let opened = false;
      if (await view.count()) {
        await shot(page, 'pay-05-generated');
        await view.click();
        opened = true;
      } else if (await refused.count()) {
        // the month is signed already (a rerun of this script): the refusal is on the form; open the newest run instead
        await shot(page, 'pay-05-generate-refused');
        await page.keyboard.press('Escape');
        const first = await firstHref(page, '.ant-table-tbody a[href*="/payments/runs/"]');
        if (first) {
          await page.goto(`${BASE_URL}/console${first}`);
          opened = true;
        }
      }
      if (opened) {
        await shot(page, 'pay-06-run-draft');
        const runId = page.url().replace(/.*\/runs\//, '').replace(/[?#].*$/, '');
        const sign = page.getByRole('button', { name: /^签\s*发$/ }).first();
        if (await sign.count()) {
          await sign.click();
          await page.locator('.ant-modal-confirm').waitFor({ timeout: 5_000 }).catch(() => undefined);
          await shot(page, 'pay-07-sign-confirm');
          await page.getByRole('button', { name: /确认签发/ }).click();
          await page.getByText(/已签发：/).first().waitFor({ timeout: 10_000 }).catch(() => problems.push('run not signed'));
          await shot(page, 'pay-08-run-signed');
          const file = await bankReturnFile(page, runId).catch((e) => (problems.push(`bank return: ${e.message}`), null));
          if (file) {
            await page.locator('input[type=file]').setInputFiles(file);
            await page.locator('.ant-modal').getByText('银行回盘导入结果').waitFor({ timeout: 15_000 }).catch(() => problems.push('return report not shown'));
            await shot(page, 'pay-09-return-report');
            await page.getByRole('button', { name: '知道了' }).click().catch(() => undefined);
          }
          await go(page, `/payments/runs/${runId}?tab=failures`, 'pay-10-run-failures');
        }
      }
      await go(page, '/payments/failures', 'pay-11-failures');
      const failedHousehold = await firstHref(page, '.ant-table-tbody a[href*="/households/"]');
      const resolve = page.locator('.ant-table-tbody').getByText('处理', { exact: true }).first();
      if (await resolve.count()) {
        await resolve.click();
        await page.locator('.ant-modal #resolution').fill('已联系户主更换账户，纳入下月补发调整');
        await shot(page, 'pay-13-resolve');
        await page.getByRole('button', { name: /标记已处理/ }).click();
        await page.locator('.ant-modal').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => problems.push('failure not resolved'));
      }
      if (failedHousehold) {
        await go(page, failedHousehold, 'hh-03-household-payments');
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await shot(page, 'hh-04-household-payments-card');
      }
      await go(page, '/inbox', 'case-07-inbox-county');
      await page.context().close();
    }

    // standards (city administrator): the tekun ≥ 1.3 × dibao refusal lands on the value
    {
      const page = await login(browser, 'admin');
      await go(page, '/assistance/standards', 'std-01-form');
      await page.locator('#key').click();
      await page.keyboard.type('城市特困');
      await page.keyboard.press('Enter');
      await page.locator('#value').fill('1000');
      await page.getByRole('button', { name: /设定标准/ }).click();
      await page.locator('.ant-form-item-explain-error').first().waitFor({ timeout: 10_000 }).catch(() => problems.push('tekun refusal not on the field'));
      await shot(page, 'std-02-refused');
      await go(page, '/payments/runs', 'pay-12-runs-city');
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
