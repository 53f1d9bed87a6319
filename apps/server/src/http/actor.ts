import type { FastifyInstance } from 'fastify';
import { actorOf, userBySession } from '#kernel';
import type { Platform } from '../platform';

export const SESSION_COOKIE = 'mz_session';

/** Resolves the session cookie to the acting member of staff, once per API request. */
export function registerActor(app: FastifyInstance, platform: Platform) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token || !req.url.startsWith('/api/')) return;
    const user = await userBySession(platform.db.orm, token);
    req.actor = user ? actorOf(user) : null;
  });
}
