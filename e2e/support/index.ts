// Shared support for e2e/**/*.e2e.ts:
//
//   import { launchBrowser, login, newPage, screenshot, startServer } from '../support';
//   let server: TestServer; let browser: Browser;
//   beforeAll(async () => { server = await startServer(); browser = await launchBrowser(); });
//   afterAll(async () => { await browser?.close(); await server?.stop(); });
//   it('…', async () => {
//     const page = await newPage(browser, server.baseUrl);
//     await login(page, 'guanshan');
//     await screenshot(page, 'guanshan-home');
//   });
export * from './server';
export * from './browser';
export * from './api';
export * from './postgres';
