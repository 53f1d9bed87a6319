import type { Executor } from '../db/transaction';
import { divisions } from './schema';

export type DivisionRow = typeof divisions.$inferSelect;

export interface DivisionNode {
  code: string;
  name: string;
  level: number;
  kind: string | null;
  parentCode: string | null;
  urbanRural: string | null;
}

/**
 * The division tree held in memory: a city has about a thousand nodes, and every list of
 * persons needs their names. Reload after loading another city's divisions.
 */
export class DivisionDirectory {
  private byCode = new Map<string, DivisionNode>();
  private childrenOf = new Map<string, DivisionNode[]>();

  static async load(exec: Executor): Promise<DivisionDirectory> {
    const dir = new DivisionDirectory();
    dir.fill(await exec.select().from(divisions).orderBy(divisions.code));
    return dir;
  }

  fill(rows: DivisionNode[]) {
    this.byCode.clear();
    this.childrenOf.clear();
    for (const r of rows) this.byCode.set(r.code, r);
    for (const r of rows) {
      if (!r.parentCode) continue;
      const list = this.childrenOf.get(r.parentCode) ?? [];
      list.push(r);
      this.childrenOf.set(r.parentCode, list);
    }
  }

  get size() { return this.byCode.size; }
  get(code: string) { return this.byCode.get(code) ?? null; }
  children(code: string) { return this.childrenOf.get(code) ?? []; }
  name(code: string | null | undefined) { return (code && this.byCode.get(code)?.name) || null; }

  path(code: string): DivisionNode[] {
    const out: DivisionNode[] = [];
    for (let n = this.byCode.get(code); n; n = n.parentCode ? this.byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  }

  /** "平定县 冠山镇 下城村" — the names from county down, as staff write an address. */
  fullName(code: string, fromLevel = 3): string {
    return this.path(code).filter((n) => n.level >= fromLevel).map((n) => n.name).join(' ');
  }

  isVillageLevel(code: string) { return this.byCode.get(code)?.level === 5; }

  /** Every village-level code under `code` (inclusive when it is one). */
  villagesUnder(code: string): DivisionNode[] {
    const n = this.byCode.get(code);
    if (!n) return [];
    if (n.level === 5) return [n];
    return this.children(code).flatMap((c) => this.villagesUnder(c.code));
  }
}
