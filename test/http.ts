// Drives the real Fastify app in-process (no socket) with a signed-in session per user.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../apps/server/src/app';
import type { Platform } from '../apps/server/src/platform';

export async function buildTestApp(p: Platform): Promise<FastifyInstance> {
  return buildApp(p, { logger: false });
}

export interface Session {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  cookie: string;
}

export async function signIn(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  const call = (method: 'GET' | 'POST' | 'PATCH') => (url: string, body?: unknown) =>
    app.inject({ method, url, headers: { cookie }, ...(body === undefined ? {} : { payload: body as object }) });
  return { get: call('GET'), post: call('POST'), patch: call('PATCH'), cookie };
}
