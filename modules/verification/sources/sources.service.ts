// The source catalogue: its rows, the adapter each uses, extracts loaded all-or-nothing, and the
// status of the last exchange that administrators watch.
import { asc, eq, sql } from 'drizzle-orm';
import { recordAudit, type Actor, type Executor, type Tx } from '#kernel';
import { sources, sourceRecords, type SourceRow } from '../schema';
import { extractRejected, sourceUnknown } from '../errors';
import { SOURCE_CATALOGUE, sourceSpec, type AdapterKind, type SourceSpec } from './catalogue';
import { ADAPTERS } from './adapters';
import type { SourceAdapter, SourceFinding } from './adapter';
import type { ParsedFile } from './file.format';

/** Adds the catalogue's sources that are not yet in the table (idempotent; settings are kept). */
export async function ensureSources(exec: Executor): Promise<void> {
  await exec.insert(sources)
    .values(SOURCE_CATALOGUE.map((s) => ({ code: s.code, name: s.name, department: s.department, adapter: s.adapter })))
    .onConflictDoNothing();
}

export async function listSources(exec: Executor): Promise<(SourceRow & { kinds: readonly string[] })[]> {
  await ensureSources(exec);
  const rows = await exec.select().from(sources).orderBy(asc(sources.code));
  const order = new Map(SOURCE_CATALOGUE.map((s, i) => [s.code, i]));
  return rows
    .map((r) => ({ ...r, kinds: sourceSpec(r.code)?.kinds ?? [] }))
    .sort((a, b) => (order.get(a.code) ?? 99) - (order.get(b.code) ?? 99));
}

export async function getSource(exec: Executor, code: string): Promise<{ row: SourceRow; spec: SourceSpec; adapter: SourceAdapter }> {
  const spec = sourceSpec(code);
  if (!spec) throw sourceUnknown(code);
  await ensureSources(exec);
  const [row] = await exec.select().from(sources).where(eq(sources.code, code));
  return { row, spec, adapter: ADAPTERS[row.adapter as AdapterKind] };
}

export interface SourceSettings { adapter: AdapterKind; enabled: boolean; config: Record<string, unknown> }

/** An administrator connects a source to a file exchange, an HTTP interface or the simulation. */
export async function updateSource(tx: Tx, actor: Actor, code: string, s: SourceSettings): Promise<SourceRow> {
  const { row } = await getSource(tx, code);
  const [after] = await tx.update(sources).set({ adapter: s.adapter, enabled: s.enabled, config: s.config, updatedAt: new Date() })
    .where(eq(sources.code, code)).returning();
  await recordAudit(tx, actor, {
    action: 'verification.source.updated', entityType: 'verification_source', entityId: code,
    before: { adapter: row.adapter, enabled: row.enabled, config: row.config }, after: s,
  });
  return after;
}

/** Records the outcome of an exchange with a source (its own small transaction, even after a failure). */
export async function recordExchange(exec: Executor, code: string, error: string | null): Promise<void> {
  await exec.update(sources).set({ lastStatus: error ? 'error' : 'ok', lastError: error, lastExchangeAt: new Date() }).where(eq(sources.code, code));
}

async function refreshCount(exec: Executor, code: string) {
  await exec.execute(sql`update verification.sources set record_count = (select count(*) from verification.source_records where source_code = ${code}) where code = ${code}`);
}

/**
 * Loads a department's extract: it replaces the source's previous extract whole. A file with any bad
 * row is refused with every row's error and changes nothing.
 */
export async function loadExtract(tx: Tx, actor: Actor, code: string, parsed: ParsedFile, filename: string): Promise<{ rows: number }> {
  await getSource(tx, code);
  if (parsed.errors.length) throw extractRejected(parsed.errors);
  await tx.delete(sourceRecords).where(sql`${sourceRecords.sourceCode} = ${code} and ${sourceRecords.origin} = 'extract'`);
  await insertRecords(tx, code, parsed.rows, 'extract');
  await refreshCount(tx, code);
  await recordExchange(tx, code, null);
  await recordAudit(tx, actor, {
    action: 'verification.extract.loaded', entityType: 'verification_source', entityId: code,
    after: { filename, rows: parsed.rows.length },
  });
  return { rows: parsed.rows.length };
}

export async function insertRecords(tx: Executor, code: string, rows: SourceFinding[], origin: 'extract' | 'answer' | 'push'): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.insert(sourceRecords).values(rows.slice(i, i + 2000).map((r) => ({ ...r, sourceCode: code, origin })));
  }
}
