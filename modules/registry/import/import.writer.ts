// Writes checked roster households in bulk, with what the registry's own commands would leave:
// households with a head, memberships from today, one audit entry per person and per household.
import { inArray, sql } from 'drizzle-orm';
import { type Actor, type AuditEntry, type Executor, recordAuditBatch } from '#kernel';
import { householdMemberships, households, persons } from '../schema';
import { auditView, factsToRow } from '../persons.service';
import { HEAD_RELATION } from '../codes';
import { maskAccount } from './roster.columns';
import type { RosterHousehold } from './roster.rules';

const CHUNK = 500;

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Whole households, about `rows` persons a batch (a batch holds at least one household). */
export function householdBatches(list: RosterHousehold[], rows: number): RosterHousehold[][] {
  const out: RosterHousehold[][] = [];
  let cur: RosterHousehold[] = [];
  let n = 0;
  for (const h of list) {
    if (cur.length && n + h.rows.length > rows) { out.push(cur); cur = []; n = 0; }
    cur.push(h);
    n += h.rows.length;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** ID numbers of these that are already registered. */
export async function registeredAmong(exec: Executor, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(ids, 1000)) {
    if (!part.length) continue;
    const rows = await exec.select({ idNumber: persons.idNumber }).from(persons).where(inArray(persons.idNumber, part));
    for (const r of rows) found.add(r.idNumber);
  }
  return found;
}

/**
 * Inserts complete households (every row checked, exactly one head) inside the caller's
 * transaction; returns the number of persons written.
 */
export async function writeHouseholds(
  tx: Executor, actor: Actor, list: RosterHousehold[], today: string, reason: string,
  onWritten?: (persons: number, households: number) => void,
): Promise<number> {
  let written = 0;
  for (const part of householdBatches(list, CHUNK)) {
    const made: { h: typeof households.$inferSelect; source: RosterHousehold }[] = [];
    for (const source of part) {
      const head = source.rows.find((r) => r.relation === HEAD_RELATION)!;
      const f = head.facts!;
      const bankRow = head.bank.bankAccount || head.bank.bankName ? head : source.rows.find((r) => r.bank.bankAccount || r.bank.bankName) ?? head;
      const [h] = await tx.insert(households).values({
        divisionCode: f.divisionCode, urbanRural: f.urbanRural, address: f.address,
        bankName: bankRow.bank.bankName, bankAccount: bankRow.bank.bankAccount, bankAccountName: bankRow.bank.bankAccountName,
      }).returning();
      made.push({ h, source });
    }
    const members = made.flatMap(({ h, source }) => source.rows.map((r) => ({ r, householdId: h.id })));
    const inserted = [];
    for (const some of chunks(members, CHUNK)) {
      inserted.push(...await tx.insert(persons)
        .values(some.map(({ r, householdId }) => ({ ...factsToRow(r.facts!), householdId, relation: r.relation })))
        .returning({ id: persons.id, idNumber: persons.idNumber, householdId: persons.householdId, relation: persons.relation, divisionCode: persons.divisionCode }));
    }
    const ids = made.map(({ h }) => h.id);
    await tx.execute(sql`UPDATE registry.households h SET head_person_id = p.id FROM registry.persons p
      WHERE p.household_id = h.id AND p.relation = ${HEAD_RELATION} AND h.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
    for (const some of chunks(inserted, CHUNK * 4)) {
      await tx.insert(householdMemberships).values(some.map((p) => ({
        householdId: p.householdId!, personId: p.id, relation: p.relation!, joinedOn: today,
      })));
    }
    const byId = new Map(inserted.map((p) => [p.idNumber, p]));
    const entries: AuditEntry[] = members.map(({ r }) => {
      const p = byId.get(r.facts!.idNumber)!;
      return { action: 'person.created', entityType: 'person', entityId: p.id, divisionCode: p.divisionCode, reason, after: auditView(factsToRow(r.facts!)) };
    });
    for (const { h, source } of made) {
      const people = source.rows.map((r) => ({ personId: byId.get(r.facts!.idNumber)!.id, relation: r.relation }));
      entries.push({
        action: 'household.created', entityType: 'household', entityId: h.id, divisionCode: h.divisionCode, reason,
        after: { ...h, headPersonId: people.find((m) => m.relation === HEAD_RELATION)!.personId, bankAccount: maskAccount(h.bankAccount), formedOn: today, members: people },
      });
    }
    await recordAuditBatch(tx, actor, entries);
    written += inserted.length;
    onWritten?.(inserted.length, made.length);
  }
  return written;
}
