import { readFile } from 'node:fs/promises';
import type pg from 'pg';

/** A row of `kernel.divisions`. */
export interface DivisionRow {
  code: string;
  name: string;
  /** 1 province · 2 city · 3 county · 4 township · 5 village */
  level: 1 | 2 | 3 | 4 | 5;
  parentCode: string | null;
  kind: 'village' | 'community' | null;
  urbanRural: 'urban' | 'rural' | null;
}

/** The shape written by scripts/extract-divisions.ts (data/divisions/<city>.json). */
export interface DivisionsFile {
  province: { code: string; name: string };
  city: { code: string; name: string };
  counties: { code: string; name: string }[];
  townships: { code: string; name: string; county: string }[];
  villages: { code: string; name: string; township: string; kind: 'village' | 'community' }[];
}

/**
 * Flattens a divisions file into table rows, parents before children. Urban/rural is a property of
 * townships and village-level units: streets (街道) and communities (社区) are urban, towns,
 * townships and villages rural; provinces, cities and counties mix both and carry none.
 */
export function divisionRows(file: DivisionsFile): DivisionRow[] {
  const rows: DivisionRow[] = [
    { code: file.province.code, name: file.province.name, level: 1, parentCode: null, kind: null, urbanRural: null },
    { code: file.city.code, name: file.city.name, level: 2, parentCode: file.province.code, kind: null, urbanRural: null },
  ];
  for (const c of file.counties) {
    rows.push({ code: c.code, name: c.name, level: 3, parentCode: file.city.code, kind: null, urbanRural: null });
  }
  for (const t of file.townships) {
    rows.push({
      code: t.code, name: t.name, level: 4, parentCode: t.county, kind: null,
      urbanRural: t.name.endsWith('街道') ? 'urban' : 'rural',
    });
  }
  for (const v of file.villages) {
    rows.push({
      code: v.code, name: v.name, level: 5, parentCode: v.township, kind: v.kind,
      urbanRural: v.kind === 'community' ? 'urban' : 'rural',
    });
  }
  const codes = new Set<string>();
  for (const r of rows) {
    if (codes.has(r.code)) throw new Error(`division ${r.code} appears twice`);
    if (r.parentCode !== null && !codes.has(r.parentCode)) {
      throw new Error(`division ${r.code} ${r.name}: parent ${r.parentCode} is not in the file`);
    }
    if (r.level === 5 && r.kind !== 'village' && r.kind !== 'community') {
      throw new Error(`division ${r.code} ${r.name}: kind must be 'village' or 'community'`);
    }
    codes.add(r.code);
  }
  return rows;
}

/**
 * Upserts a divisions file (province and city rows included) into `kernel.divisions` in one
 * statement. Idempotent: a second run inserts nothing and updates nothing.
 */
export async function loadDivisions(
  pool: pg.Pool,
  file: string,
): Promise<{ inserted: number; updated: number; total: number }> {
  const rows = divisionRows(JSON.parse(await readFile(file, 'utf8')) as DivisionsFile);
  const col = <K extends keyof DivisionRow>(k: K) => rows.map((r) => r[k]);
  const { rows: changed } = await pool.query<{ inserted: boolean }>(
    `INSERT INTO kernel.divisions AS d (code, name, level, parent_code, kind, urban_rural)
     SELECT * FROM unnest($1::varchar[], $2::text[], $3::smallint[], $4::varchar[], $5::text[], $6::text[])
     ON CONFLICT (code) DO UPDATE SET
       name = excluded.name, level = excluded.level, parent_code = excluded.parent_code,
       kind = excluded.kind, urban_rural = excluded.urban_rural
     WHERE (d.name, d.level, d.parent_code, d.kind, d.urban_rural)
       IS DISTINCT FROM (excluded.name, excluded.level, excluded.parent_code, excluded.kind, excluded.urban_rural)
     RETURNING (xmax = 0) AS inserted`,
    [col('code'), col('name'), col('level'), col('parentCode'), col('kind'), col('urbanRural')],
  );
  const inserted = changed.filter((r) => r.inserted).length;
  return { inserted, updated: changed.length - inserted, total: rows.length };
}
