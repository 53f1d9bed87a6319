#!/usr/bin/env node
// minzheng — the platform's command line: start the server, and look after its data.
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Actor, actorOf, loadDivisions, users, verifyAuditChain } from '#kernel';
import { exportPersons, importRoster, type ImportMode } from '#registry';
import { eq } from 'drizzle-orm';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { startBackground } from './background';
import { seedDemo } from '../../../modules/registry/seed/demo.seeder';
import { loadConfig, type Config } from './config';
import { assertEmbeddedAllowed, assertNoDemoPasswords, ensureDemoUsers, openPlatform, ROOT, DEMO_PASSWORD, type Platform } from './platform';
import { buildApp } from './app';
import { findDemoCitizen } from '#citizen';
import { progressBar } from './progress';

interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string; help: string }>;
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  start: {
    summary: '启动平台（首次启动时建库、迁移并生成演示数据）',
    usage: 'minzheng start [--port 8080] [--no-demo] [--embedded-production]',
    options: {
      port: { type: 'string', help: 'HTTP port (env PORT, default 8080)' },
      'no-demo': { type: 'boolean', help: 'do not create demo accounts and demo population' },
      'embedded-production': { type: 'boolean', help: 'allow NODE_ENV=production on the embedded database (not recommended)' },
    },
    run: ({ values }) => start(loadConfig(process.env, {
      ...(values.port ? { port: Number(values.port) } : {}),
      ...(values['embedded-production'] ? { embeddedProduction: true } : {}),
      ...(values['no-demo'] ? { demoPersons: 0 } : {}),
    }), !values['no-demo']),
  },
  migrate: {
    summary: '执行数据库迁移',
    usage: 'minzheng migrate',
    options: {},
    run: () => withPlatform(async () => console.log('数据库已迁移到最新版本')),
  },
  seed: {
    summary: '生成确定性的演示人口（人员库须为空，或加 --reset 先清空）',
    usage: 'minzheng seed [--persons 20000] [--seed 1] [--reset]',
    options: {
      reset: { type: 'boolean', help: 'empty the registry first (demo and test databases only)' },
      persons: { type: 'string', help: 'number of persons (default 20000; 1300000 for city scale)' },
      seed: { type: 'string', help: 'random seed (default 1)' },
    },
    run: ({ values }) => withPlatform((p) => seed(p, Number(values.persons ?? 20_000), Number(values.seed ?? 1), !!values.reset)),
  },
  divisions: {
    summary: '加载行政区划文件（由 npm run divisions:extract 生成）',
    usage: 'minzheng divisions <data/divisions/1403.json>',
    options: {},
    run: ({ positionals }) => withPlatform(async (p) => {
      const file = positionals[0] ?? join(ROOT, 'data', 'divisions', '1403.json');
      const r = await loadDivisions(p.db.pool, resolve(file));
      console.log(`区划已加载：共 ${r.total} 个，新增 ${r.inserted}，更新 ${r.updated}`);
    }),
  },
  import: {
    summary: '导入人员花名册（xlsx，模板见控制台“批量导入”）',
    usage: 'minzheng import <file.xlsx> --as <username> [--mode all|valid]',
    options: {
      as: { type: 'string', help: 'the member of staff on whose behalf and within whose jurisdiction rows are imported' },
      mode: { type: 'string', help: 'all: import nothing unless every row is valid (default); valid: import the complete valid households' },
    },
    run: ({ values, positionals }) => withPlatform(async (p) => {
      const file = positionals[0];
      if (!file || !existsSync(file)) throw new Error('请指定存在的 xlsx 文件');
      const mode = (values.mode ?? 'all') as ImportMode;
      if (mode !== 'all' && mode !== 'valid') throw new Error('--mode 只能是 all 或 valid');
      const actor = await actorNamed(p, values.as);
      const bar = progressBar('导入花名册');
      const r = await importRoster(p.db, p.registry, actor, resolve(file), { mode, onProgress: (c) => bar.update(c.processed, c.total) });
      bar.done();
      console.log(`${r.status === 'succeeded' ? '导入完成' : '未导入'}：共 ${r.total} 行，导入 ${r.imported} 人（${r.households} 户），有误 ${r.failed} 行`);
      for (const row of r.rejectedRows.slice(0, 20)) for (const m of row.messages) console.log(`  ${m}`);
      if (r.rejectedRows.length > 20) console.log(`  ……另有 ${r.rejectedRows.length - 20} 行有误`);
      if (r.status !== 'succeeded') process.exitCode = 1;
    }),
  },
  export: {
    summary: '导出人员查询结果为 xlsx（证件号、电话脱敏，记录导出人和时间）',
    usage: 'minzheng export <out.xlsx> --as <username> [--division <code>] [--q <姓名/证件号/电话>] [--status living]',
    options: {
      as: { type: 'string', help: 'the member of staff exporting (jurisdiction and audit)' },
      division: { type: 'string', help: 'division code prefix' },
      q: { type: 'string', help: 'name, ID number or phone' },
      status: { type: 'string', help: 'living | deceased | moved_out' },
    },
    run: ({ values, positionals }) => withPlatform(async (p) => {
      const out = positionals[0];
      if (!out) throw new Error('请指定输出文件');
      const actor = await actorNamed(p, values.as);
      const { stream, rows } = await exportPersons(p.db, p.registry, actor, {
        divisionCode: values.division as string | undefined, q: values.q as string | undefined,
        status: values.status as string | undefined, sort: 'name', order: 'asc',
      });
      await pipeline(stream, createWriteStream(resolve(out)));
      console.log(`已导出 ${rows} 人到 ${resolve(out)}`);
    }),
  },
  backup: {
    summary: '备份内嵌数据库（PGlite）到 .tar.gz 文件',
    usage: 'minzheng backup [file]   (default data/backups/minzheng-<time>.tar.gz)',
    options: {},
    run: ({ positionals }) => withPlatform(async (p) => {
      const file = resolve(positionals[0] ?? join(p.config.dataDir, 'backups', `minzheng-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`));
      await mkdir(join(file, '..'), { recursive: true });
      await p.db.backup(file);
      console.log(`已备份到 ${file}`);
    }),
  },
  restore: {
    summary: '从备份恢复内嵌数据库（原数据目录改名保留）',
    usage: 'minzheng restore <file.tar.gz>',
    options: {},
    run: async ({ positionals }) => {
      const file = positionals[0];
      if (!file || !existsSync(file)) throw new Error('请指定存在的备份文件');
      const config = loadConfig();
      if (config.databaseUrl) throw new Error('PostgreSQL 请使用 pg_restore 恢复');
      const dbDir = join(config.dataDir, 'db');
      if (existsSync(dbDir)) {
        const aside = `${dbDir}.before-restore-${Date.now()}`;
        await rename(dbDir, aside);
        console.log(`原数据目录已保留为 ${aside}`);
      }
      const p = await openPlatform(config, { restoreFrom: resolve(file) });
      const [{ n }] = await p.db.orm.select({ n: sql<number>`count(*)::int` }).from(sql`registry.persons`);
      await p.close();
      console.log(`已从 ${file} 恢复：人员 ${n} 人`);
    },
  },
  audit: {
    summary: '校验审计日志哈希链',
    usage: 'minzheng audit verify',
    options: {},
    run: ({ positionals }) => withPlatform(async (p) => {
      if (positionals[0] !== 'verify') throw new Error('用法：minzheng audit verify');
      const bar = progressBar('校验审计链');
      const r = await verifyAuditChain(p.db, (n) => bar.update(n, n));
      bar.done();
      if (r.ok) console.log(`审计链完整：共校验 ${r.checked} 条`);
      else { console.error(`审计链断裂：第 ${r.firstBrokenId} 条，${r.problem}（此前 ${r.checked} 条完好）`); process.exitCode = 1; }
    }),
  },
};

async function actorNamed(p: Platform, username: unknown): Promise<Actor> {
  if (typeof username !== 'string' || !username) throw new Error('请用 --as <用户名> 指定以谁的身份操作（决定管辖范围并记入审计）');
  const [u] = await p.db.orm.select().from(users).where(eq(users.username, username));
  if (!u || u.disabled) throw new Error(`用户 ${username} 不存在或已停用`);
  return actorOf(u);
}

async function withPlatform(fn: (p: Platform) => Promise<void>) {
  const p = await openPlatform(loadConfig());
  try { await fn(p); } finally { await p.close(); }
}

async function seed(p: Platform, persons: number, seedValue: number, reset = false) {
  const bar = progressBar('生成演示人口');
  const r = await seedDemo(p.db.pool, { persons, seed: seedValue, reset, onProgress: (d, t) => bar.update(d, t) });
  bar.done(`已生成 ${r.persons.toLocaleString()} 人、${r.households.toLocaleString()} 户，用时 ${(r.ms / 1000).toFixed(1)} 秒`);
}

/** Builds the console and the phone site on first start, in child processes that overlap database set-up. */
function buildConsoleIfMissing(): Promise<void> {
  const sites = [['web', '控制台'], ['citizen', '掌上办（手机）']].filter(([dir]) => !existsSync(join(ROOT, 'apps', dir, 'dist', 'index.html')));
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  return Promise.all(sites.map(([dir, title]) => new Promise<void>((resolveBuild, reject) => {
    console.log(`正在构建${title}页面（首次启动）…`);
    const child = spawn(process.execPath, [vite, 'build', '--config', join(ROOT, 'apps', dir, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolveBuild() : reject(new Error(`${title}构建失败（退出码 ${code}）`))));
  }))).then(() => undefined);
}

async function start(config: Config, demo: boolean) {
  assertEmbeddedAllowed(config);
  const consoleBuilt = buildConsoleIfMissing();
  const platform = await openPlatform(config);
  let accounts: Awaited<ReturnType<typeof ensureDemoUsers>> = [];
  if (demo && !config.production) {
    accounts = await ensureDemoUsers(platform);
    const [{ n }] = await platform.db.orm.select({ n: sql<number>`count(*)::int` }).from(sql`registry.persons`);
    if (n === 0 && config.demoPersons > 0) await seed(platform, config.demoPersons, 1);
    if (n === 0 && config.demoPersons > 0) await (await import('../../../modules/assistance/demo/caseload.seeder')).seedDemoCaseloadAndReport(platform.db);
    if (n === 0 && config.demoPersons > 0) await (await import('#elderly')).seedElderlyDemoAndReport(platform.db);
  }
  try {
    await assertNoDemoPasswords(platform);
  } catch (err) {
    await platform.close();
    throw err;
  }
  await consoleBuilt;
  const app = await buildApp(platform);
  const stopBackground = await startBackground(platform, app.log);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  console.log(`\n民政一体化服务平台已启动（数据库：${platform.db.kind === 'pglite' ? `内嵌 PGlite，${platform.db.location}` : `PostgreSQL ${platform.db.location}`}）`);
  console.log(`  控制台   ${url}/console/\n  掌上办   ${url}/m/  （群众手机端）\n  接口文档 ${url}/api/docs\n  健康检查 ${url}/healthz  ${url}/readyz  ${url}/metrics`);
  if (accounts.length) {
    console.log(`\n演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const a of accounts) console.log(`  ${a.username.padEnd(16)} ${a.displayName}（${platform.divisions.name(a.divisionCode)}）`);
    const citizen = await findDemoCitizen(platform.db.orm, platform.registry);
    if (citizen) console.log(`\n演示群众（掌上办登录，验证码见 ${url}/m/dev/sms）：${citizen.name}  身份证号 ${citizen.idNumber}  手机 ${citizen.phone}（家庭 ${citizen.members} 人）`);
  }
  const stop = async () => { await app.close(); await stopBackground(); await platform.close(); process.exit(0); };
  // For tests and smoke checks: start completely, then shut down cleanly.
  if (process.env.MZ_EXIT_AFTER_START === '1') return stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function help() {
  console.log('minzheng — 民政一体化服务平台命令行\n\n用法：minzheng <命令> [选项]\n');
  for (const [name, c] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(10)} ${c.summary}`);
  console.log('\n每个命令都可加 --help 查看说明。环境变量：DATA_DIR（默认 ./data）、DATABASE_URL（PostgreSQL）、PORT。');
}

async function main(argv: string[]) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') return help();
  const cmd = COMMANDS[name];
  if (!cmd) { console.error(`未知命令：${name}\n`); help(); process.exitCode = 2; return; }
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true,
    options: { ...Object.fromEntries(Object.entries(cmd.options).map(([k, o]) => [k, o.short ? { type: o.type, short: o.short } : { type: o.type }])), help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(`${cmd.summary}\n\n用法：${cmd.usage}\n`);
    for (const [k, o] of Object.entries(cmd.options)) console.log(`  --${k.padEnd(22)} ${o.help}`);
    return;
  }
  await cmd.run({ values: values as Record<string, string | boolean | undefined>, positionals });
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
