import type { Database, Orm } from './database';

export type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];
/** Anything that can run a query: the pool-backed ORM or an open transaction. */
export type Executor = Orm | Tx;

/** Runs `fn` in one transaction: every command either commits whole or changes nothing. */
export function inTransaction<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.orm.transaction(fn);
}
