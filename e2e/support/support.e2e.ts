// The e2e support itself: Chromium starts and takes screenshots; when the server exists, it
// starts on a fresh data directory and a demo account can log in.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, newPage, screenshot, serverAvailable, startServer, type TestServer } from './index';

describe('e2e support', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(() => browser?.close());

  it('launches Chromium and saves a screenshot', async () => {
    const page = await browser.newPage();
    await page.setContent('<main><h1 id="t">民政 · 阳泉</h1></main>');
    expect(await page.locator('#t').innerText()).toBe('民政 · 阳泉');
    const file = await screenshot(page, 'e2e-support smoke');
    expect(file).toMatch(/test-output\/screenshots\/e2e-support-smoke\.png$/);
    expect(existsSync(file)).toBe(true);
    await page.context().close();
  });

  describe.skipIf(!serverAvailable())('with the server', () => {
    let server: TestServer;
    beforeAll(async () => { server = await startServer({ env: { DEMO_PERSONS: '0' } }); });
    afterAll(() => server?.stop());

    it('answers /readyz on its own port', async () => {
      const res = await fetch(`${server.baseUrl}/readyz`);
      expect(res.status).toBe(200);
    });

    it('logs a demo account in through the console form', async () => {
      const page = await newPage(browser, server.baseUrl);
      await login(page, 'admin');
      expect(new URL(page.url()).pathname).not.toMatch(/login/);
      await screenshot(page, 'e2e-support admin-after-login');
      await page.context().close();
    });
  });
});
