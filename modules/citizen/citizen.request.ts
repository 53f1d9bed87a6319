// The signed-in citizen of a phone request, from the citizen cookie, on /api/v1/citizen/ only. It is
// kept apart from `req.actor`: a citizen session never passes a staff check, and a staff session
// never passes a citizen one.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#kernel';
import { CITIZEN_COOKIE, citizenBySession, type Citizen } from './signin/sessions.service';
import { signInRequired } from './citizen.errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The citizen signed in on the phone site; null when anonymous. */
    citizen: Citizen | null;
  }
}

export const CITIZEN_API = '/api/v1/citizen/';

export function registerCitizen(app: FastifyInstance, db: Database) {
  if (!app.hasRequestDecorator('citizen')) app.decorateRequest('citizen', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies?.[CITIZEN_COOKIE];
    if (!token || !req.url.startsWith(CITIZEN_API)) return;
    req.citizen = await citizenBySession(db.orm, token);
  });
}

export function requireCitizen(req: FastifyRequest): Citizen {
  if (!req.citizen) throw signInRequired();
  return req.citizen;
}

/** Runs `fn` and answers no sooner than `ms` after the start, success or refusal alike. */
export async function atLeast<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const wait = () => new Promise((r) => setTimeout(r, Math.max(0, ms - (performance.now() - start))));
  try {
    const out = await fn();
    await wait();
    return out;
  } catch (e) {
    await wait();
    throw e;
  }
}
