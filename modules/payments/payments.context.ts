// Reads of registry data, only through the registry's published view registry.payment_accounts.
import { eq, sql } from 'drizzle-orm';
import { type Actor, type Executor, inScope } from '#kernel';
import { paymentAccounts } from '#registry';
import { householdNotFound } from './payments.errors';

export type PaymentAccount = typeof paymentAccounts.$inferSelect;

/** The household's payee and account, or a 404 when it does not exist or is outside the actor's scope. */
export async function accountInScope(exec: Executor, actor: Actor, householdId: number): Promise<PaymentAccount> {
  const [a] = await exec.select().from(paymentAccounts).where(eq(paymentAccounts.householdId, householdId));
  if (!a || !inScope(actor, a.divisionCode)) throw householdNotFound();
  return a;
}

/** Serialises commands on one key (an entitlement's household, programme and person; a county's month). */
export async function lockKey(exec: Executor, space: number, key: string): Promise<void> {
  await exec.execute(sql`SELECT pg_advisory_xact_lock(${space}::int, hashtext(${key}))`);
}

export const LOCK_ENTITLEMENT = 7_240_201;
export const LOCK_PAYROLL = 7_240_202;
