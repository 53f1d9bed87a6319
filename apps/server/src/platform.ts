import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import {
  type Database, type Role, DivisionDirectory, SYSTEM_ACTOR, countDemoPasswords, createUser, inTransaction, loadDivisions,
  loadParameterFiles, migrate, openDatabase, refreshCalendar, users,
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
  // Shipped standards are data: (re)loaded idempotently, never constants in code.
  await inTransaction(db, (tx) => loadParameterFiles(tx, join(ROOT, 'data', 'parameters')));
  await refreshCalendar(db.orm);
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

/** PGlite never fsyncs: production runs on it only when the operator says so explicitly. */
export function assertEmbeddedAllowed(config: Config) {
  if (config.production && !config.databaseUrl && !config.embeddedProduction) {
    throw new Error('生产环境（NODE_ENV=production）默认拒绝使用内嵌数据库：PGlite 不执行 fsync，断电可能丢失已提交的数据。请设置 DATABASE_URL 使用 PostgreSQL，或明确加上 --embedded-production。');
  }
}

/** In production, no account may keep the published demo password. */
export async function assertNoDemoPasswords(platform: Platform) {
  if (!platform.config.production) return;
  const n = await countDemoPasswords(platform.db.orm);
  if (n > 0) throw new Error(`生产环境拒绝启动：仍有 ${n} 个账号使用公开的演示密码（${DEMO_PASSWORD}）。请先修改这些账号的密码或停用它们。`);
}
