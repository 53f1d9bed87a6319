import type { FastifyRequest } from 'fastify';
import { DomainError, forbidden } from '../errors';
import { type Actor, type Permission, can } from './roles';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member of staff, set from the session cookie; null when anonymous. */
    actor: Actor | null;
  }
}

/** The signed-in actor holding `permission`, or a 401/403 problem. */
export function requireActor(req: FastifyRequest, permission?: Permission): Actor {
  if (!req.actor) throw new DomainError('AUTH_REQUIRED', '请先登录', { status: 401 });
  if (permission && !can(req.actor, permission)) throw forbidden();
  return req.actor;
}
