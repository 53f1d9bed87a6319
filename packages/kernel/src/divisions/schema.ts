import { smallint, text, varchar, index } from 'drizzle-orm/pg-core';
import { kernelSchema } from '../db/pg-schemas';

/** GB/T 2260 + NBS statistical division codes, province (2 digits) down to village (12 digits). */
export const divisions = kernelSchema.table(
  'divisions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    /** 1 province · 2 city · 3 county · 4 township · 5 village */
    level: smallint('level').notNull(),
    parentCode: varchar('parent_code', { length: 12 }),
    /** 'village' (村) or 'community' (社区) for level 5 */
    kind: text('kind'),
    urbanRural: text('urban_rural'),
  },
  (t) => [index('divisions_parent_idx').on(t.parentCode)],
);
