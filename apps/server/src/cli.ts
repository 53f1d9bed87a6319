#!/usr/bin/env node
// minzheng — the platform's command line: start the server, and look after its data.
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { countDemoPasswords, loadDivisions, verifyAuditChain } from '#kernel';
import { startBackground } from './background';
import { seedDemo } from '../../../modules/registry/seed/demo.seeder';
import { loadConfig, type Config } from './config';
import { ensureDemoUsers, openPlatform, ROOT, DEMO_PASSWORD, type Platform } from './platform';
import { buildApp } from './app';
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
    summary: '生成确定性的演示人口（追加到人员库）',
    usage: 'minzheng seed [--persons 20000] [--seed 1]',
    options: {
      persons: { type: 'string', help: 'number of persons (default 20000; 1300000 for city scale)' },
      seed: { type: 'string', help: 'random seed (default 1)' },
    },
    run: ({ values }) => withPlatform((p) => seed(p, Number(values.persons ?? 20_000), Number(values.seed ?? 1))),
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

async function withPlatform(fn: (p: Platform) => Promise<void>) {
  const p = await openPlatform(loadConfig());
  try { await fn(p); } finally { await p.close(); }
}

async function seed(p: Platform, persons: number, seedValue: number) {
  const bar = progressBar('生成演示人口');
  const r = await seedDemo(p.db.pool, { persons, seed: seedValue, onProgress: (d, t) => bar.update(d, t) });
  bar.done(`已生成 ${r.persons.toLocaleString()} 人、${r.households.toLocaleString()} 户，用时 ${(r.ms / 1000).toFixed(1)} 秒`);
}

/** Builds the console on first start, in a child process so it overlaps database set-up. */
function buildConsoleIfMissing(): Promise<void> {
  if (existsSync(join(ROOT, 'apps', 'web', 'dist', 'index.html'))) return Promise.resolve();
  console.log('正在构建控制台页面（首次启动）…');
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolveBuild, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', join(ROOT, 'apps', 'web', 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolveBuild() : reject(new Error(`控制台构建失败（退出码 ${code}）`))));
  });
}

async function start(config: Config, demo: boolean) {
  if (config.production && !config.databaseUrl && !config.embeddedProduction) {
    throw new Error('生产环境（NODE_ENV=production）默认拒绝使用内嵌数据库：PGlite 不执行 fsync，断电可能丢失已提交的数据。请设置 DATABASE_URL 使用 PostgreSQL，或明确加上 --embedded-production。');
  }
  const consoleBuilt = buildConsoleIfMissing();
  const platform = await openPlatform(config);
  let accounts: Awaited<ReturnType<typeof ensureDemoUsers>> = [];
  if (demo && !config.production) {
    accounts = await ensureDemoUsers(platform);
    const [{ n }] = await platform.db.orm.select({ n: sql<number>`count(*)::int` }).from(sql`registry.persons`);
    if (n === 0 && config.demoPersons > 0) await seed(platform, config.demoPersons, 1);
  }
  if (config.production && (await countDemoPasswords(platform.db.orm)) > 0) {
    await platform.close();
    throw new Error(`生产环境拒绝启动：仍有账号使用公开的演示密码（${DEMO_PASSWORD}）。请先修改这些账号的密码或停用它们。`);
  }
  await consoleBuilt;
  const app = await buildApp(platform);
  const stopBackground = await startBackground(platform, app.log);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  console.log(`\n民政一体化服务平台已启动（数据库：${platform.db.kind === 'pglite' ? `内嵌 PGlite，${platform.db.location}` : `PostgreSQL ${platform.db.location}`}）`);
  console.log(`  控制台   ${url}/console/\n  接口文档 ${url}/api/docs\n  健康检查 ${url}/healthz  ${url}/readyz  ${url}/metrics`);
  if (accounts.length) {
    console.log(`\n演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const a of accounts) console.log(`  ${a.username.padEnd(16)} ${a.displayName}（${platform.divisions.name(a.divisionCode)}）`);
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
