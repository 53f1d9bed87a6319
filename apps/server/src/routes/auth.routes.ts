import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  changePassword, getUser, inTransaction, login, logout, permissionsOf, requireActor, SESSION_HOURS,
} from '#kernel';
import { SESSION_COOKIE, forgetSession, forgetUser } from '../http/actor';
import type { Platform } from '../platform';

const tags = ['auth'];

export async function authRoutes(app: FastifyInstance, platform: Platform) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, divisions } = platform;
  const present = (u: { id: number; username: string; displayName: string; role: string; divisionCode: string }) => ({
    id: u.id, username: u.username, displayName: u.displayName, role: u.role, divisionCode: u.divisionCode,
    divisionName: divisions.name(u.divisionCode), permissions: permissionsOf(u.role as never),
  });

  r.post('/auth/login', {
    schema: { tags, summary: '用户名密码登录，设置会话 Cookie', body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }) },
  }, async (req, reply) => {
    const result = await inTransaction(db, (tx) => login(tx, req.body.username, req.body.password));
    if (!result.ok) throw result.error; // the failure count is committed first
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: platform.config.production, maxAge: SESSION_HOURS * 3600,
    });
    return { user: present(result.user) };
  });

  r.post('/auth/logout', { schema: { tags, summary: '退出登录' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(db.orm, token);
    forgetSession(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/auth/me', { schema: { tags, summary: '当前用户' } }, async (req) => {
    const actor = requireActor(req);
    const u = await getUser(db.orm, actor.userId);
    return { user: present(u!) };
  });

  r.post('/auth/password', {
    schema: { tags, summary: '修改密码（其他会话随之失效）', body: z.object({ oldPassword: z.string(), newPassword: z.string().max(200) }) },
  }, async (req, reply) => {
    const actor = requireActor(req);
    await inTransaction(db, (tx) => changePassword(tx, actor, req.body.oldPassword, req.body.newPassword));
    forgetUser(actor.userId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
}
