// The phone site's first load must stay under 200 KB of JavaScript (gzip): old phones on slow
// networks. Builds the site into a temporary folder and adds up what index.html loads before any
// lazy page: the entry script, its modulepreloads, and everything they import statically.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const BUDGET = 200 * 1024;
const here = fileURLToPath(new URL('.', import.meta.url));
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'mz-citizen-build-'));
  await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
}, 120_000);
afterAll(() => rm(out, { recursive: true, force: true }));

async function firstLoad(): Promise<Map<string, number>> {
  const html = await readFile(join(out, 'index.html'), 'utf8');
  const start = [...html.matchAll(/<script[^>]+src="\/m\/([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="\/m\/([^"]+\.js)"/g)].map((m) => m[1] ?? m[2]);
  const seen = new Map<string, number>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const code = await readFile(join(out, file));
    seen.set(file, gzipSync(code, { level: 9 }).length);
    // static imports only ("from"./x.js"" and "import"./x.js""); import("./x.js") is a lazy page
    for (const m of code.toString('utf8').matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) queue.push(join(file, '..', m[1]));
  }
  return seen;
}

describe('the phone site bundle', () => {
  it(`loads less than ${BUDGET / 1024} KB of JavaScript (gzip) before the first page shows`, async () => {
    const files = await firstLoad();
    const total = [...files.values()].reduce((a, b) => a + b, 0);
    expect(files.size).toBeGreaterThan(0);
    expect(total, `first load: ${[...files].map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(', ')}`).toBeLessThan(BUDGET);
  });

  it('keeps the pages behind sign-in out of the first load', async () => {
    const files = [...(await firstLoad()).keys()].join(' ');
    expect(files).not.toMatch(/ApplyPage|CasePage|PaymentsPage/);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('lang="zh-CN"');
    expect(html).toMatch(/name="viewport"[^>]+width=device-width/);
  });
});
