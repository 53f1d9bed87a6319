import type { FastifyInstance } from 'fastify';
import { actorOf, type Actor, userBySession } from '#kernel';
import type { Platform } from '../platform';

export const SESSION_COOKIE = 'mz_session';

// Every API request needs its actor; looking the session up each time costs a query on a busy
// server. Entries live briefly, and this process forgets them at logout, password changes and
// user changes; another process notices within CACHE_MS.
const CACHE_MS = 10_000;
const cache = new Map<string, { actor: Actor; until: number }>();

export function forgetSession(token: string | undefined) {
  if (token) cache.delete(token);
}

export function forgetUser(userId: number) {
  for (const [token, e] of cache) if (e.actor.userId === userId) cache.delete(token);
}

/** Resolves the session cookie to the acting member of staff, once per API request. */
export function registerActor(app: FastifyInstance, platform: Platform) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token || !req.url.startsWith('/api/')) return;
    const now = Date.now();
    const hit = cache.get(token);
    if (hit && hit.until > now) { req.actor = hit.actor; return; }
    const user = await userBySession(platform.db.orm, token);
    req.actor = user ? actorOf(user) : null;
    if (req.actor) {
      if (cache.size > 10_000) cache.clear();
      cache.set(token, { actor: req.actor, until: now + CACHE_MS });
    } else {
      cache.delete(token);
    }
  });
}
