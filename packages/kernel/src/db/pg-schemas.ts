import { pgSchema } from 'drizzle-orm/pg-core';

/** The kernel's own PostgreSQL schema. Each module declares its own in its schema.ts. */
export const kernelSchema = pgSchema('kernel');
