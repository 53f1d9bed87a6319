import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Actor } from './roles';

/**
 * The data-layer jurisdiction filter: a record is visible when its division code starts with the
 * actor's. Every query of person-level data goes through this, never through the UI.
 */
export function scopeCondition(actor: Actor, column: AnyColumn | SQL): SQL {
  return sql`${column} LIKE ${actor.divisionCode + '%'}`;
}
