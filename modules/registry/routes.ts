import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Database, type Tx, inTransaction, requireActor, validationFailed } from '#kernel';
import type { RegistryDeps } from './registry.context';
import * as s from './registry.schemas';
import { createPerson, personDetail, recordDeath, revealPerson, searchPersons, updatePerson } from './persons.service';
import {
  addMember, createHousehold, householdDetail, memberLeaves, mergeHouseholds, movePerson, splitHousehold, updateHousehold,
} from './households.service';
import { rosterRoutes } from './import/roster.routes'; // roster import/export

export interface RegistryRouteDeps {
  db: Database;
  deps: RegistryDeps;
}

const tags = ['registry'];

/** validate → authorise → command → present; no SQL here. */
export async function registryRoutes(app: FastifyInstance, { db, deps }: RegistryRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tx = <T,>(fn: (t: Tx) => Promise<T>) => inTransaction(db, fn);
  await rosterRoutes(app, { db, deps }); // roster import/export: modules/registry/import, modules/registry/export

  r.get('/persons', { schema: { tags, summary: '人员查询', querystring: s.personQuery } }, async (req) => {
    const actor = requireActor(req, 'registry:read');
    return searchPersons(db.orm, deps, actor, req.query);
  });

  r.get('/persons/:id', { schema: { tags, summary: '人员详情（证件号、电话已脱敏）', params: s.idParams } }, async (req) => {
    const actor = requireActor(req, 'registry:read');
    return personDetail(db.orm, deps, actor, req.params.id);
  });

  r.post('/persons/:id/reveal', { schema: { tags, summary: '查看完整身份证号或电话（留痕）', params: s.idParams, body: s.reveal } }, async (req) => {
    const actor = requireActor(req, 'registry:reveal');
    return tx((t) => revealPerson(t, actor, req.params.id, req.body.field, req.body.reason));
  });

  r.post('/persons', { schema: { tags, summary: '新增人员', body: s.personCreate } }, async (req, reply) => {
    const actor = requireActor(req, 'registry:write');
    const { householdId, relation, ...input } = req.body;
    if (householdId && !relation) throw validationFailed([{ field: 'relation', code: 'RELATION_REQUIRED', message: '加入家庭时须填写与户主关系' }]);
    const person = await tx(async (t) => {
      const p = await createPerson(t, deps, actor, input);
      if (householdId) await addMember(t, actor, householdId, p.id, relation!, deps.today());
      return p;
    });
    reply.status(201);
    return personDetail(db.orm, deps, actor, person.id);
  });

  r.patch('/persons/:id', { schema: { tags, summary: '修改人员信息', params: s.idParams, body: s.personPatch } }, async (req) => {
    const actor = requireActor(req, 'registry:write');
    await tx((t) => updatePerson(t, deps, actor, req.params.id, req.body));
    return personDetail(db.orm, deps, actor, req.params.id);
  });

  r.post('/persons/:id/death', { schema: { tags, summary: '登记死亡（发出 person.deceased 事件）', params: s.idParams, body: s.death } }, async (req) => {
    const actor = requireActor(req, 'registry:write');
    await tx((t) => recordDeath(t, deps, actor, req.params.id, req.body.deathDate));
    return personDetail(db.orm, deps, actor, req.params.id);
  });

  r.post('/persons/:id/move', { schema: { tags, summary: '户籍迁移（发出 person.moved 事件）', params: s.idParams, body: s.move } }, async (req) => {
    const actor = requireActor(req, 'registry:write');
    const p = await tx((t) => movePerson(t, deps, actor, req.params.id, req.body));
    return { id: p.id, divisionCode: p.divisionCode, householdId: p.householdId };
  });

  r.get('/households/:id', { schema: { tags, summary: '家庭详情与成员变动历史', params: s.idParams } }, async (req) => {
    const actor = requireActor(req, 'registry:read');
    return householdDetail(db.orm, deps, actor, req.params.id);
  });

  r.post('/households', { schema: { tags, summary: '建立家庭（户）', body: s.householdCreate } }, async (req, reply) => {
    const actor = requireActor(req, 'registry:write');
    const h = await tx((t) => createHousehold(t, deps, actor, { ...req.body, formedOn: req.body.formedOn ?? deps.today() }));
    reply.status(201);
    return householdDetail(db.orm, deps, actor, h.id);
  });

  r.patch('/households/:id', { schema: { tags, summary: '修改家庭信息', params: s.idParams, body: s.householdPatch } }, async (req) => {
    const actor = requireActor(req, 'registry:write');
    await tx((t) => updateHousehold(t, actor, req.params.id, req.body));
    return householdDetail(db.orm, deps, actor, req.params.id);
  });

  r.post('/households/:id/members', { schema: { tags, summary: '成员加入', params: s.idParams, body: s.memberAdd } }, async (req) => {
    const actor = requireActor(req, 'registry:write');
    await tx((t) => addMember(t, actor, req.params.id, req.body.personId, req.body.relation, req.body.joinedOn));
    return householdDetail(db.orm, deps, actor, req.params.id);
  });

  r.post('/households/:id/members/:personId/leave', { schema: { tags, summary: '成员迁出本户', params: s.memberParams, body: s.memberLeave } }, async (req) => {
    const actor = requireActor(req, 'registry:write');
    await tx((t) => memberLeaves(t, actor, req.params.id, req.params.personId, req.body.leftOn, req.body.reason));
    return householdDetail(db.orm, deps, actor, req.params.id);
  });

  r.post('/households/:id/split', { schema: { tags, summary: '分户', params: s.idParams, body: s.split } }, async (req) => {
    const actor = requireActor(req, 'registry:write');
    const h = await tx((t) => splitHousehold(t, deps, actor, req.params.id, req.body));
    return { household: { id: h.id } };
  });

  r.post('/households/:id/merge', { schema: { tags, summary: '合户', params: s.idParams, body: s.merge } }, async (req) => {
    const actor = requireActor(req, 'registry:write');
    await tx((t) => mergeHouseholds(t, actor, req.params.id, req.body.intoHouseholdId, req.body.mergedOn, req.body.relations));
    return householdDetail(db.orm, deps, actor, req.body.intoHouseholdId);
  });
}
