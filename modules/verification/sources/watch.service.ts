// 监视目录: a department (or the exchange platform) drops its extract into
// <dataDir>/verification/inbox/<source code>/. Each file is loaded all-or-nothing and moved to
// processed/ or, with its row errors beside it as <name>.errors.txt, to failed/.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError, SYSTEM_ACTOR, inTransaction, todayInChina, type Database } from '#kernel';
import { SOURCE_CATALOGUE, sourceSpec } from './catalogue';
import { parseExtractFile } from './file.format';
import { loadExtract, recordExchange } from './sources.service';

export interface WatchResult { file: string; source: string; rows?: number; errors?: number }

export async function scanWatchedFolder(db: Database, root: string): Promise<WatchResult[]> {
  const out: WatchResult[] = [];
  for (const { code } of SOURCE_CATALOGUE) {
    const dir = join(root, code);
    let names: string[];
    try { names = (await readdir(dir)).filter((n) => /\.(csv|xlsx)$/i.test(n)).sort(); } catch { continue; }
    for (const name of names) {
      const path = join(dir, name);
      const parsed = await parseExtractFile(await readFile(path), name, sourceSpec(code)!, todayInChina());
      const actor = { ...SYSTEM_ACTOR, username: `watch:${code}`, displayName: `监视目录 ${code}` };
      try {
        const r = await inTransaction(db, (tx) => loadExtract(tx, actor, code, parsed, name));
        await mkdir(join(dir, 'processed'), { recursive: true });
        await rename(path, join(dir, 'processed', name));
        out.push({ file: name, source: code, rows: r.rows });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        await recordExchange(db.orm, code, `${name}：${e.message}`);
        await mkdir(join(dir, 'failed'), { recursive: true });
        await rename(path, join(dir, 'failed', name));
        await writeFile(join(dir, 'failed', `${name}.errors.txt`), (e.errors ?? []).map((x) => x.message).join('\n') + '\n');
        out.push({ file: name, source: code, errors: e.errors?.length ?? 1 });
      }
    }
  }
  return out;
}
