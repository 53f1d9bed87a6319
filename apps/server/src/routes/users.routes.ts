import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createUser, inTransaction, listUsers, requireActor, resetPassword, roleCodes, unlockUser, updateUser, validationFailed,
} from '#kernel';
import type { Platform } from '../platform';
import { forgetUser } from '../http/actor';

const tags = ['users'];
const id = z.object({ id: z.coerce.number().int().positive() });
const role = z.enum(roleCodes as [string, ...string[]]);

export async function userRoutes(app: FastifyInstance, platform: Platform) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, divisions } = platform;
  const checkDivision = (code: string | undefined) => {
    if (code !== undefined && !divisions.get(code)) {
      throw validationFailed([{ field: 'divisionCode', code: 'DIVISION_UNKNOWN', message: '管辖区划不存在' }]);
    }
  };
  const withName = <T extends { divisionCode: string }>(u: T) => ({ ...u, divisionName: divisions.name(u.divisionCode) });

  r.get('/users', { schema: { tags, summary: '用户列表' } }, async (req) => {
    requireActor(req, 'users:manage');
    return { items: (await listUsers(db.orm)).map(withName) };
  });

  r.post('/users', {
    schema: { tags, summary: '新建用户', body: z.object({ username: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '用户名为3至64位小写字母、数字或 . _ -'), displayName: z.string().min(1).max(40), role, divisionCode: z.string(), password: z.string().max(200) }) },
  }, async (req, reply) => {
    const actor = requireActor(req, 'users:manage');
    checkDivision(req.body.divisionCode);
    const u = await inTransaction(db, (tx) => createUser(tx, actor, req.body as never));
    reply.status(201);
    return withName(u);
  });

  r.patch('/users/:id', {
    schema: { tags, summary: '修改用户（角色、管辖范围、停用）', params: id, body: z.object({ displayName: z.string().min(1).max(40).optional(), role: role.optional(), divisionCode: z.string().optional(), disabled: z.boolean().optional() }) },
  }, async (req) => {
    const actor = requireActor(req, 'users:manage');
    checkDivision(req.body.divisionCode);
    const user = await inTransaction(db, (tx) => updateUser(tx, actor, req.params.id, req.body as never));
    forgetUser(req.params.id);
    return withName(user);
  });

  r.post('/users/:id/reset-password', { schema: { tags, summary: '重置密码', params: id, body: z.object({ newPassword: z.string().max(200) }) } }, async (req, reply) => {
    const actor = requireActor(req, 'users:manage');
    await inTransaction(db, (tx) => resetPassword(tx, actor, req.params.id, req.body.newPassword));
    forgetUser(req.params.id);
    return reply.status(204).send();
  });

  r.post('/users/:id/unlock', { schema: { tags, summary: '解除锁定', params: id } }, async (req, reply) => {
    const actor = requireActor(req, 'users:manage');
    await inTransaction(db, (tx) => unlockUser(tx, actor, req.params.id));
    return reply.status(204).send();
  });
}
