// Chromium for end-to-end tests: Debian's /usr/bin/chromium (CHROMIUM_PATH overrides) driven by
// playwright-core. Never `npx playwright install`.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { OUTPUT_DIR } from './server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const DEMO_PASSWORD = 'minzheng-demo';
export const SCREENSHOT_DIR = join(OUTPUT_DIR, 'screenshots');

/**
 * Launches headless Chromium. Every launch gets a fresh, empty profile in a temporary directory
 * that is deleted on close (Playwright makes it: it refuses a --user-data-dir argument to launch()).
 * The flags keep Chromium off the network it has no business with (background updates, sync…).
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A new context (own cookies) whose relative URLs resolve against the server. */
export async function newContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
}

export async function newPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await newContext(browser, baseUrl);
  return context.newPage();
}

/**
 * Logs in through the staff console's form (/console/login) and waits until the console has
 * left the login page. The page's context must have a baseURL (newContext) or pass opts.baseUrl.
 */
export async function login(
  page: Page,
  username: string,
  opts: { password?: string; baseUrl?: string } = {},
): Promise<void> {
  await page.goto(`${opts.baseUrl ?? ''}/console/login`);
  await page.locator('input#username').fill(username);
  await page.locator('input#password').fill(opts.password ?? DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  const error = page.getByTestId('login-error');
  await Promise.race([
    page.waitForURL((url) => !url.pathname.startsWith('/console/login'), { timeout: 30_000 }),
    error.waitFor({ timeout: 30_000 }).then(async () => {
      throw new Error(`login as ${username} was refused: ${(await error.innerText()).trim()}`);
    }),
  ]);
  await settle(page);
}

/**
 * Waits until the page has stopped loading: no network for 500 ms and no spinner showing
 * (lazy routes and data fetches). Bounded: a page that polls forever does not hang the test.
 */
export async function settle(page: Page, timeoutMs = 15_000): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => {});
  await page
    .waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), undefined, { timeout: timeoutMs })
    .catch(() => {});
}

/** Saves a full-page PNG as test-output/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'page';
  const file = join(SCREENSHOT_DIR, safe.endsWith('.png') ? safe : `${safe}.png`);
  await settle(page, 5_000);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Opens a case step's dialog by its button. The case page reloads itself after it first draws, which
 * can swallow a click or close a dialog just opened, so the click is repeated until the dialog stays.
 */
export async function openStep(page: Page, label: string) {
  const modal = page.locator('.ant-modal').filter({ hasText: label });
  for (let attempt = 1; ; attempt++) {
    if (!(await modal.isVisible())) await page.getByRole('button', { name: label }).first().click();
    try {
      await modal.waitFor({ timeout: 8_000 });
      await page.waitForTimeout(300);
      if (await modal.isVisible()) return modal;
    } catch (e) {
      if (attempt === 4) throw e;
    }
  }
}
