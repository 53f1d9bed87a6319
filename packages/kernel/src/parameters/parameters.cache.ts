// Dated parameters kept in process for hot read paths (the single-case calculation). A write through
// setParameter in this process drops every entry at once; values written by another process are seen
// within the TTL. A write in a transaction that rolls back drops the entries too (harmless: reloaded).
import type { Executor } from '../db/transaction';
import type { IsoDate } from '../calendar';
import { loadParameterTable, type ParameterTable } from './parameters.service';

/** How long an entry is trusted without a write seen in this process (writes by other processes). */
export const PARAMETER_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 256;

let generation = 0;
const entries = new Map<string, { generation: number; loadedAt: number; table: Promise<ParameterTable> }>();

/** Called by every parameter write: what is cached may no longer be in force. */
export function parametersChanged(): void {
  generation++;
  entries.clear();
}

/**
 * loadParameterTable, kept per (keys, date) for PARAMETER_CACHE_TTL_MS or until parameters are
 * written. Reads through `exec` on a miss; do not use it where the caller has just written
 * parameters in its own uncommitted transaction and must see them (use loadParameterTable).
 */
export function cachedParameterTable(exec: Executor, keys: readonly string[], date: IsoDate, now = Date.now()): Promise<ParameterTable> {
  const k = `${[...keys].sort().join(',')}|${date}`;
  const hit = entries.get(k);
  if (hit && hit.generation === generation && now - hit.loadedAt < PARAMETER_CACHE_TTL_MS) return hit.table;
  const entry = { generation, loadedAt: now, table: loadParameterTable(exec, keys, date) };
  entries.delete(k);
  entries.set(k, entry);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entry.table.catch(() => { if (entries.get(k) === entry) entries.delete(k); });
  return entry.table;
}
