import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import {
  type Database, type Role, DivisionDirectory, SYSTEM_ACTOR, createUser, inTransaction, loadDivisions,
  migrate, openDatabase, users,
} from '#kernel';
import { chinaToday, type RegistryDeps } from '#registry';
import type { Config } from './config';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEMO_PASSWORD = 'minzheng-demo';
export const CITY_CODE = '1403';

/** Everything a running Minzheng holds: the database and the shared in-memory directories. */
export interface Platform {
  config: Config;
  db: Database;
  divisions: DivisionDirectory;
  registry: RegistryDeps;
  close(): Promise<void>;
}

export async function openPlatform(config: Config, opts: { restoreFrom?: string } = {}): Promise<Platform> {
  const db = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'db'), restoreFrom: opts.restoreFrom });
  return preparePlatform(db, config);
}

/** Migrates an open database, loads the city's divisions on first use, and wires the services. */
export async function preparePlatform(db: Database, config: Config): Promise<Platform> {
  await migrate(db);
  const [{ n }] = await db.orm.select({ n: sql<number>`count(*)::int` }).from(sql`kernel.divisions`);
  if (n === 0) await loadDivisions(db.pool, join(ROOT, 'data', 'divisions', `${CITY_CODE}.json`));
  const divisions = await DivisionDirectory.load(db.orm);
  return {
    config,
    db,
    divisions,
    registry: { divisions, today: chinaToday },
    close: () => db.close(),
  };
}

export interface DemoAccount { username: string; displayName: string; role: Role; divisionCode: string }

/** The published demo accounts (password minzheng-demo). */
export function demoAccounts(divisions: DivisionDirectory): DemoAccount[] {
  const village = divisions.children('140321100').find((c) => c.kind === 'village') ?? divisions.children('140321100')[0];
  return [
    { username: 'admin', displayName: '市局管理员', role: 'city_admin', divisionCode: '1403' },
    { username: 'leader', displayName: '市局领导', role: 'leader', divisionCode: '1403' },
    { username: 'auditor', displayName: '审计员', role: 'auditor', divisionCode: '1403' },
    { username: 'pingding', displayName: '平定县民政局审批员', role: 'county_approver', divisionCode: '140321' },
    { username: 'guanshan', displayName: '冠山镇经办员', role: 'township_caseworker', divisionCode: '140321100' },
    { username: 'guanshan-helper', displayName: `${village?.name ?? ''}协理员`, role: 'village_helper', divisionCode: village?.code ?? '140321100' },
  ];
}

export async function ensureDemoUsers(platform: Platform): Promise<DemoAccount[]> {
  const accounts = demoAccounts(platform.divisions);
  const existing = new Set((await platform.db.orm.select({ u: users.username }).from(users)).map((r) => r.u));
  for (const a of accounts) {
    if (existing.has(a.username)) continue;
    await inTransaction(platform.db, (tx) => createUser(tx, SYSTEM_ACTOR, { ...a, password: DEMO_PASSWORD }, { demo: true }));
  }
  return accounts;
}
