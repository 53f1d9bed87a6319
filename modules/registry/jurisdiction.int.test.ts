// Jurisdiction is enforced in the data layer: a sweep of every person and household route, for
// staff scoped at county, township and village level, over records inside and outside their scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHousehold, buildPlatform, buildUser, idNumberFor } from '../../test/factories';
import { buildTestApp, signIn, type Session } from '../../test/http';
import type { Platform } from '../../apps/server/src/platform';

let p: Platform;
let app: FastifyInstance;
const homes: Record<string, Awaited<ReturnType<typeof buildHousehold>>> = {};
const sessions: Record<string, Session> = {};

// Four households: two villages of 冠山镇, one village of another township of 平定县, one in 城区.
const PLACES = { guanshanA: '140321100201', guanshanB: '140321100202', otherTownship: '140321101001', otherCounty: '140302001001' };
// Who sees what: scope → the households inside it.
const STAFF = {
  county: { role: 'county_approver', division: '140321', sees: ['guanshanA', 'guanshanB', 'otherTownship'] },
  township: { role: 'township_caseworker', division: '140321100', sees: ['guanshanA', 'guanshanB'] },
  village: { role: 'village_helper', division: '140321100201', sees: ['guanshanA'] },
  city: { role: 'city_admin', division: '1403', sees: ['guanshanA', 'guanshanB', 'otherTownship', 'otherCounty'] },
} as const;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  for (const [k, code] of Object.entries(PLACES)) homes[k] = await buildHousehold(p, code, 2);
  for (const [k, s] of Object.entries(STAFF)) {
    const u = await buildUser(p, s.role, s.division);
    sessions[k] = await signIn(app, u.username, u.password);
  }
});
afterAll(async () => { await app?.close(); await p?.close(); });

type Probe = (s: Session, h: (typeof homes)[string]) => Promise<{ statusCode: number }>;
const today = '2026-01-15';
// Every person and household route. Writes carry payloads that the service refuses only after
// loading the record (stale version, same division, …), so the sweep itself changes nothing.
const ROUTES: Record<string, Probe> = {
  'GET /persons/:id': (s, h) => s.get(`/api/v1/persons/${h.head.id}`),
  'POST /persons/:id/reveal': (s, h) => s.post(`/api/v1/persons/${h.head.id}/reveal`, { field: 'phone', reason: '核实联系方式' }),
  'PATCH /persons/:id': (s, h) => s.patch(`/api/v1/persons/${h.head.id}`, { version: 999, address: '测试地址' }),
  'POST /persons/:id/death': (s, h) => s.post(`/api/v1/persons/${h.members[1].id}/death`, { deathDate: '2099-01-01' }),
  'POST /persons/:id/move': (s, h) => s.post(`/api/v1/persons/${h.members[1].id}/move`, { divisionCode: h.members[1].divisionCode, movedOn: today }),
  'GET /households/:id': (s, h) => s.get(`/api/v1/households/${h.household.id}`),
  'PATCH /households/:id': (s, h) => s.patch(`/api/v1/households/${h.household.id}`, { version: 999 }),
  'POST /households/:id/members': (s, h) => s.post(`/api/v1/households/${h.household.id}/members`, { personId: h.members[1].id, relation: '20', joinedOn: today }),
  'POST /households/:id/members/:pid/leave': (s, h) => s.post(`/api/v1/households/${h.household.id}/members/${h.head.id}/leave`, { leftOn: today, reason: '测试' }),
  'POST /households/:id/split': (s, h) => s.post(`/api/v1/households/${h.household.id}/split`, { personIds: [h.members[1].id], headPersonId: h.head.id, splitOn: today }),
  'POST /households/:id/merge': (s, h) => s.post(`/api/v1/households/${h.household.id}/merge`, { intoHouseholdId: h.household.id, mergedOn: today, relations: {} }),
  'POST /households': (s, h) => s.post('/api/v1/households', { headPersonId: h.head.id }),
};

describe('jurisdiction sweep', () => {
  for (const [staff, spec] of Object.entries(STAFF)) {
    for (const place of Object.keys(PLACES)) {
      const inside = (spec.sees as readonly string[]).includes(place);
      it(`${staff} staff ${inside ? 'reach' : 'never reach'} records of ${place}`, async () => {
        for (const [route, probe] of Object.entries(ROUTES)) {
          const res = await probe(sessions[staff], homes[place]);
          expect.soft(res.statusCode, `${route} changes nothing`).not.toBe(201);
          if (inside) expect.soft(res.statusCode, `${route} inside scope`).not.toBe(404);
          // A village helper may not reveal at all: 403 before any lookup, which tells nothing either.
          else if (staff === 'village' && route.includes('reveal')) expect.soft(res.statusCode).toBe(403);
          else expect.soft(res.statusCode, `${route} outside scope answers 404`).toBe(404);
        }
      });
    }
  }

  it('limits searches to the scope whatever filter is asked for', async () => {
    for (const [staff, spec] of Object.entries(STAFF)) {
      for (const filter of ['', '14', '140302', '140321101', '140321100202']) {
        const res = await sessions[staff].get(`/api/v1/persons?pageSize=200${filter ? `&divisionCode=${filter}` : ''}`);
        expect(res.statusCode).toBe(200);
        const body = res.json() as { items: { divisionCode: string }[]; total: number };
        for (const item of body.items) expect(item.divisionCode.startsWith(spec.division), `${staff} saw ${item.divisionCode}`).toBe(true);
        const expected = spec.sees.filter((pl) => PLACES[pl as keyof typeof PLACES].startsWith(filter)).length * 2;
        expect(body.total, `${staff} filter ${filter}`).toBe(expected);
      }
    }
  });

  it('does not let staff create a person outside their scope', async () => {
    const res = await sessions.township.post('/api/v1/persons', { idNumber: idNumberFor('1990-01-01', '140302'), name: '赵六', divisionCode: PLACES.otherCounty, urbanRural: 'urban' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'divisionCode', code: 'PERSON_DIVISION_OUT_OF_SCOPE' });
  });

  it('names a duplicate only when the existing record is in scope', async () => {
    const existing = homes.otherCounty.head;
    const [row] = (await p.db.pool.query('select id_number from registry.persons where id = $1', [existing.id])).rows;
    const city = await sessions.city.post('/api/v1/persons', { idNumber: row.id_number, name: '重复', divisionCode: PLACES.guanshanA, urbanRural: 'rural' });
    expect(city.statusCode).toBe(409);
    expect(city.json().title).toContain(existing.name);
    const township = await sessions.township.post('/api/v1/persons', { idNumber: row.id_number, name: '重复', divisionCode: PLACES.guanshanA, urbanRural: 'rural' });
    expect(township.statusCode).toBe(409);
    expect(township.json().code).toBe('PERSON_DUPLICATE_ID_NUMBER');
    expect(township.json().title).not.toContain(existing.name);
    expect(township.body).not.toContain(String(existing.id));
  });
});
