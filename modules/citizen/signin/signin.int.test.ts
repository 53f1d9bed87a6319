import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../apps/server/src/app';
import type { Platform } from '../../../apps/server/src/platform';
import { buildPlatform, buildUser, idNumberFor } from '../../../test/factories';
import { signIn } from '../../../test/http';
import { DemoSmsSender } from './sms';
import { citizenBySession, IDLE_MS, MAX_MS } from './sessions.service';
import { householdWithPhones, lastCode, personWithPhone, phoneSignIn, requestCode } from '../testing/citizen.testing';

let p: Platform;
let app: FastifyInstance;
const sms = new DemoSmsSender();
const FLOOR = 150;
let family: Awaited<ReturnType<typeof householdWithPhones>>;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildApp(p, { logger: false, sms, citizenMinLatencyMs: FLOOR });
  family = await householdWithPhones(p);
});
afterAll(async () => { await app?.close(); await p?.close(); });

const verify = (challengeId: string, code: string, ip = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/v1/citizen/auth/verify', payload: { challengeId, code }, remoteAddress: ip });

describe('citizen sign-in with a one-time code', () => {
  it('sends the code to the phone on file and opens a short session on the right code', async () => {
    const phone = await phoneSignIn(app, sms, family.head);
    const me = await phone.get('/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ personId: family.head.id, name: '王德明', householdId: family.household.id });
    const expires = new Date(me.json().expiresAt).getTime() - Date.now();
    expect(expires).toBeGreaterThan(10 * 60_000);
    expect(expires).toBeLessThanOrEqual(20 * 60_000 + 1000);
  });

  it('ends a session after 20 idle minutes, and after two hours however busy', async () => {
    const phone = await phoneSignIn(app, sms, family.head);
    const token = phone.cookie.split('=')[1];
    const t0 = Date.now();
    expect(await citizenBySession(p.db.orm, token, new Date(t0 + IDLE_MS + 60_000))).toBeNull();
    let last = null;
    for (let t = t0; t < t0 + MAX_MS; t += 15 * 60_000) last = await citizenBySession(p.db.orm, token, new Date(t));
    expect(last?.personId).toBe(family.head.id); // kept alive by use
    expect(await citizenBySession(p.db.orm, token, new Date(t0 + MAX_MS + 1000))).toBeNull();
  });

  it('never lets a citizen session pass a staff check, nor a staff session a citizen one', async () => {
    const phone = await phoneSignIn(app, sms, family.spouse);
    for (const url of ['/api/v1/auth/me', '/api/v1/persons?page=1&pageSize=5', '/api/v1/inbox', `/api/v1/households/${family.household.id}`]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: phone.cookie } });
      expect(res.statusCode, url).toBe(401);
    }
    // the citizen token presented as a staff cookie is no staff session either
    const token = phone.cookie.split('=')[1];
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `mz_session=${token}` } })).statusCode).toBe(401);
    const staff = await buildUser(p, 'township_caseworker', '140321100');
    const s = await signIn(app, staff.username, staff.password);
    expect((await app.inject({ method: 'GET', url: '/api/v1/citizen/household', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('answers alike, in body, status and time, whether the ID number is registered or not', async () => {
    const known = [];
    for (let i = 0; i < 8; i++) known.push(await personWithPhone(p));
    const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    const shapes = new Set<string>();
    for (let i = 0; i < 8; i++) {
      for (const who of ['known', 'unknown'] as const) {
        const t0 = performance.now();
        const res = who === 'known'
          ? await requestCode(app, known[i].idNumber, known[i].name, `10.1.${i}.1`)
          : await requestCode(app, idNumberFor('1970-01-01', '140302'), '张三', `10.1.${i}.2`);
        times[who].push(performance.now() - t0);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.challengeId).toMatch(/^[A-Za-z0-9_-]{43}$/);
        shapes.add(JSON.stringify({ ...body, challengeId: 'x' }));
      }
    }
    expect(shapes.size).toBe(1);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    for (const who of ['known', 'unknown'] as const) expect(median(times[who])).toBeGreaterThanOrEqual(FLOOR - 5);
    // generous margin: the floor hides the extra query and the audit entry of a registered number
    expect(Math.abs(median(times.known) - median(times.unknown))).toBeLessThan(60);
    // a wrong name is as unknown as a wrong number: nothing is sent
    const before = sms.inbox().length;
    expect((await requestCode(app, family.child.idNumber, '王小明', '10.2.0.1')).statusCode).toBe(200); // no phone on file
    expect(sms.inbox().length).toBe(before);
  });

  it('locks an ID number after five wrong codes, even against the right one, and answers the same for an unknown one', async () => {
    const { idNumber, name, phone } = await personWithPhone(p, '孙玉梅');
    const first = await requestCode(app, idNumber, name, '10.3.0.1');
    const code = lastCode(sms, phone!)!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await verify(first.json().challengeId, wrong, `10.3.${i}.9`);
      expect(r.statusCode).toBe(401);
      expect(r.json().code).toBe('CITIZEN_CODE_INVALID');
    }
    const locked = await verify(first.json().challengeId, code, '10.3.9.9');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('CITIZEN_LOCKED');
    const again = await requestCode(app, idNumber, name, '10.3.10.1');
    expect(again.statusCode).toBe(429);

    // an unregistered number: the same five refusals, the same lock
    const ghost = idNumberFor('1966-06-06', '140303');
    const g = await requestCode(app, ghost, '赵六', '10.4.0.1');
    for (let i = 0; i < 5; i++) expect((await verify(g.json().challengeId, '123456', `10.4.${i}.9`)).json().code).toBe('CITIZEN_CODE_INVALID');
    expect((await verify(g.json().challengeId, '123456', '10.4.9.9')).statusCode).toBe(429);
    expect((await requestCode(app, ghost, '赵六', '10.4.10.1')).statusCode).toBe(429);
  });

  it('locks a client address that guesses across many challenges', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 20; i++) {
      const id = idNumberFor(`1950-01-${String(1 + (i % 28)).padStart(2, '0')}`, '140311');
      const c = await requestCode(app, id, '某某', `10.8.${i}.1`);
      expect((await verify(c.json().challengeId, '000001', ip)).statusCode).toBe(401);
    }
    const someone = await personWithPhone(p, '周桂芳');
    const c = await requestCode(app, someone.idNumber, someone.name, '10.8.99.1');
    const r = await verify(c.json().challengeId, lastCode(sms, someone.phone!)!, ip);
    expect(r.statusCode).toBe(429);
  });

  it('refuses a spent code and an unknown challenge alike', async () => {
    const someone = await personWithPhone(p, '吴建华');
    const c = await requestCode(app, someone.idNumber, someone.name, '10.5.0.1');
    const code = lastCode(sms, someone.phone!)!;
    expect((await verify(c.json().challengeId, code, '10.5.0.2')).statusCode).toBe(200);
    const spent = await verify(c.json().challengeId, code, '10.5.0.3');
    const unknown = await verify('A'.repeat(43), code, '10.5.0.4');
    expect(spent.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(spent.json()).toEqual(unknown.json());
  });
});
