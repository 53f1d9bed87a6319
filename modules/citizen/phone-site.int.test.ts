// The server serves the built phone site at /m/: its pages fall back to index.html, a missing asset is 404.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../apps/server/src/app';
import { ROOT, type Platform } from '../../apps/server/src/platform';
import { buildPlatform } from '../../test/factories';

let p: Platform;
let app: FastifyInstance;
const built = existsSync(join(ROOT, 'apps', 'citizen', 'dist', 'index.html'));

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildApp(p, { logger: false });
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('the phone site at /m/', () => {
  it('redirects /m to /m/ and answers a page deep link with the site (or says to build it)', async () => {
    expect((await app.inject('/m')).headers.location).toBe('/m/');
    for (const url of ['/m/', '/m/cases/12', '/m/apply?programme=dibao']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain(built ? '民政掌上办' : 'npm run build:citizen');
    }
    expect((await app.inject('/m/assets/missing-0000.js')).statusCode).toBe(404);
  });

  it('keeps the developer SMS inbox out of production', async () => {
    expect((await app.inject('/api/v1/citizen/dev/sms')).statusCode).toBe(200);
    const prod = await buildApp({ ...p, config: { ...p.config, production: true } }, { logger: false });
    expect((await prod.inject('/api/v1/citizen/dev/sms')).statusCode).toBe(404);
    await prod.close();
  });
});
