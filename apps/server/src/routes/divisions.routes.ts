import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, requireActor, ROLES } from '#kernel';
import {
  countsUnder, DISABILITY_CATEGORIES, ETHNICITIES, HEALTH_CONDITIONS, LABOUR_CAPACITIES, PERSON_STATUSES, RELATIONS, URBAN_RURAL,
} from '#registry';
import type { Platform } from '../platform';

const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12 };

export async function divisionRoutes(app: FastifyInstance, platform: Platform) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, divisions } = platform;

  r.get('/divisions/:code', {
    schema: {
      tags: ['divisions'], summary: '行政区划节点及其下级（可带人数、户数）',
      params: z.object({ code: z.string().regex(/^\d{2,12}$/) }),
      querystring: z.object({ withCounts: z.enum(['true', 'false']).optional() }),
    },
  }, async (req) => {
    const actor = requireActor(req, 'divisions:read');
    const node = divisions.get(req.params.code);
    if (!node) throw notFound('区划', 'DIVISION_NOT_FOUND');
    const children = divisions.children(node.code);
    let counts: Map<string, { persons: number; households: number }> | null = null;
    let own: { persons: number; households: number } | null = null;
    // Counts are person-level data: only within the actor's jurisdiction, and never for auditors.
    const mayCount = req.query.withCounts === 'true' && actor.role !== 'auditor';
    if (mayCount && CHILD_LENGTH[node.code.length]) {
      counts = await countsUnder(db.orm, actor, node.code, CHILD_LENGTH[node.code.length]);
      own = [...counts.entries()].filter(([c]) => c.startsWith(actor.divisionCode) || actor.divisionCode.startsWith(c))
        .reduce((a, [, v]) => ({ persons: a.persons + v.persons, households: a.households + v.households }), { persons: 0, households: 0 });
    } else if (mayCount) {
      own = (await countsUnder(db.orm, actor, node.code, 12)).get(node.code) ?? { persons: 0, households: 0 };
    }
    return {
      code: node.code, name: node.name, level: node.level, kind: node.kind, parentCode: node.parentCode, urbanRural: node.urbanRural,
      path: divisions.path(node.code).map((n) => ({ code: n.code, name: n.name })),
      ...(own ?? {}),
      children: children.map((c) => ({
        code: c.code, name: c.name, level: c.level, kind: c.kind, urbanRural: c.urbanRural,
        hasChildren: divisions.children(c.code).length > 0,
        ...(counts ? counts.get(c.code) ?? { persons: 0, households: 0 } : {}),
      })),
    };
  });

  r.get('/meta/enums', { schema: { tags: ['meta'], summary: '代码表' } }, async () => ({
    ethnicities: ETHNICITIES, relations: RELATIONS, disabilityCategories: DISABILITY_CATEGORIES,
    labourCapacities: LABOUR_CAPACITIES, healthConditions: HEALTH_CONDITIONS, personStatuses: PERSON_STATUSES,
    urbanRural: URBAN_RURAL, roles: Object.entries(ROLES).map(([code, name]) => ({ code, name })),
  }));
}
