/**
 * An in-memory implementation of the API v1 contract the console is built against, served by the
 * Vite dev server when MINZHENG_MOCK=1. It exists so the console can be developed and screenshotted
 * without a backend; the real server is the authority on behaviour.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { buildDivisions, GIVEN_F, GIVEN_M, rng, STREETS, SURNAMES, withCheckDigit, type MockDivision } from './mock-data';

type Json = Record<string, unknown>;
type Role = 'city_admin' | 'county_approver' | 'township_caseworker' | 'village_helper' | 'leader' | 'auditor';

interface MUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string;
  password: string;
  disabled: boolean;
  failures: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

interface MPerson {
  id: string;
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  ethnicity: string;
  phone: string | null;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  residenceDivisionCode: string | null;
  address: string | null;
  disability: { category: string; grade: number; certificateNo: string | null } | null;
  healthConditions: string[];
  labourCapacity: string | null;
  status: 'living' | 'deceased' | 'moved_out';
  deathDate: string | null;
  householdId: string | null;
  relation: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface MHousehold {
  id: string;
  divisionCode: string;
  address: string;
  urbanRural: 'urban' | 'rural';
  headId: string;
  bankName: string | null;
  bankAccount: string | null;
  bankAccountName: string | null;
  history: { personId: string; relation: string; joinedOn: string; leftOn: string | null; reason: string | null }[];
  version: number;
}

const ENUMS = {
  ethnicities: [
    { code: '01', name: '汉族' },
    { code: '02', name: '蒙古族' },
    { code: '03', name: '回族' },
    { code: '05', name: '维吾尔族' },
    { code: '08', name: '壮族' },
    { code: '10', name: '朝鲜族' },
    { code: '11', name: '满族' },
  ],
  relations: [
    { code: '02', name: '户主' },
    { code: '10', name: '配偶' },
    { code: '20', name: '子' },
    { code: '30', name: '女' },
    { code: '41', name: '孙子' },
    { code: '42', name: '孙女' },
    { code: '50', name: '父母' },
    { code: '51', name: '父亲' },
    { code: '52', name: '母亲' },
    { code: '61', name: '祖父' },
    { code: '71', name: '兄弟' },
    { code: '81', name: '姐妹' },
    { code: '97', name: '其他亲属' },
    { code: '99', name: '非亲属' },
  ],
  disabilityCategories: [
    { code: '1', name: '视力残疾' },
    { code: '2', name: '听力残疾' },
    { code: '3', name: '言语残疾' },
    { code: '4', name: '肢体残疾' },
    { code: '5', name: '智力残疾' },
    { code: '6', name: '精神残疾' },
    { code: '7', name: '多重残疾' },
  ],
  labourCapacities: [
    { code: 'full', name: '有劳动能力' },
    { code: 'partial', name: '部分丧失劳动能力' },
    { code: 'none', name: '无劳动能力' },
  ],
  healthConditions: [
    { code: 'healthy', name: '健康' },
    { code: 'chronic', name: '慢性病' },
    { code: 'serious', name: '重病' },
    { code: 'disabled', name: '残疾' },
  ],
  personStatuses: [
    { code: 'living', name: '在册' },
    { code: 'deceased', name: '已死亡' },
    { code: 'moved_out', name: '已迁出' },
  ],
  roles: [
    { code: 'city_admin', name: '市级管理员' },
    { code: 'county_approver', name: '县级审批' },
    { code: 'township_caseworker', name: '乡镇经办' },
    { code: 'village_helper', name: '村居协理员' },
    { code: 'leader', name: '领导(只读)' },
    { code: 'auditor', name: '审计员' },
  ],
  urbanRural: [
    { code: 'urban', name: '城镇' },
    { code: 'rural', name: '农村' },
  ],
};
const RELATION_NAME = new Map(ENUMS.relations.map((r) => [r.code, r.name]));

// As the server's packages/kernel auth roles.
const PERMS: Record<Role, string[]> = {
  city_admin: ['registry:read', 'registry:write', 'registry:reveal', 'registry:import', 'registry:export', 'divisions:read', 'audit:read', 'users:manage'],
  county_approver: ['registry:read', 'registry:write', 'registry:reveal', 'registry:import', 'registry:export', 'divisions:read'],
  township_caseworker: ['registry:read', 'registry:write', 'registry:reveal', 'registry:import', 'registry:export', 'divisions:read'],
  village_helper: ['registry:read', 'registry:write', 'divisions:read'],
  leader: ['registry:read', 'divisions:read'],
  auditor: ['audit:read', 'divisions:read'],
};

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
function ageOf(birth: string, on = today()): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
function maskId(id: string) {
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}
function maskPhone(p: string | null) {
  return p ? `${p.slice(0, 3)}****${p.slice(-4)}` : null;
}

class Store {
  divisions = buildDivisions();
  childrenOf = new Map<string, MockDivision[]>();
  persons = new Map<string, MPerson>();
  households = new Map<string, MHousehold>();
  users = new Map<string, MUser>();
  audit: Json[] = [];
  jobs = new Map<string, { status: string; processed: number; total: number; imported: number; failed: number; mode: string }>();
  seq = 900000;

  constructor() {
    for (const d of this.divisions.values()) {
      if (!d.parentCode) continue;
      this.childrenOf.set(d.parentCode, [...(this.childrenOf.get(d.parentCode) ?? []), d]);
    }
    const firstVillage = (this.childrenOf.get('140321100') ?? []).find((v) => v.kind === 'village') ?? this.childrenOf.get('140321100')?.[0];
    const users: [string, string, Role, string][] = [
      ['admin', '王建华', 'city_admin', '1403'],
      ['leader', '李志远', 'leader', '1403'],
      ['auditor', '赵敏', 'auditor', '1403'],
      ['pingding', '郭卫东', 'county_approver', '140321'],
      ['guanshan', '张丽娟', 'township_caseworker', '140321100'],
      ['guanshan-helper', '刘春生', 'village_helper', firstVillage?.code ?? '140321100'],
    ];
    users.forEach(([username, displayName, role, divisionCode], i) =>
      this.users.set(String(i + 1), {
        id: String(i + 1),
        username,
        displayName,
        role,
        divisionCode,
        password: 'minzheng-demo',
        disabled: false,
        failures: 0,
        lockedUntil: null,
        lastLoginAt: i < 4 ? '2026-11-29T08:31:00.000Z' : null,
      }),
    );
    this.seed();
  }

  private seed() {
    const r = rng(1403);
    const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
    const villages = [...this.divisions.values()].filter((d) => d.level === 5);
    // dense in 平定县冠山镇 (the demo township), sparse elsewhere
    const weight = (code: string) => (code.startsWith('140321100') ? 14 : code.startsWith('140321') ? 3 : 1);
    let hid = 200001;
    let pid = 1;
    for (const v of villages) {
      const n = weight(v.code) + Math.floor(r() * weight(v.code));
      for (let h = 0; h < n; h++) {
        const surname = pick(SURNAMES);
        const urbanRural = v.kind === 'community' ? 'urban' : 'rural';
        const hhId = String(hid++);
        const headBirthYear = 1940 + Math.floor(r() * 60);
        const members: { rel: string; gender: 'M' | 'F'; year: number; name: string }[] = [];
        const headGender: 'M' | 'F' = r() < 0.8 ? 'M' : 'F';
        members.push({ rel: '02', gender: headGender, year: headBirthYear, name: surname + pick(headGender === 'M' ? GIVEN_M : GIVEN_F) });
        if (r() < 0.85) members.push({ rel: '10', gender: headGender === 'M' ? 'F' : 'M', year: headBirthYear + Math.floor(r() * 5) - 2, name: pick(SURNAMES) + pick(headGender === 'M' ? GIVEN_F : GIVEN_M) });
        const kids = Math.floor(r() * 3);
        for (let k = 0; k < kids; k++) {
          const g: 'M' | 'F' = r() < 0.5 ? 'M' : 'F';
          members.push({ rel: g === 'M' ? '20' : '30', gender: g, year: Math.min(2024, headBirthYear + 22 + Math.floor(r() * 12)), name: surname + pick(g === 'M' ? GIVEN_M : GIVEN_F) });
        }
        if (headBirthYear > 1970 && r() < 0.25) members.push({ rel: '52', gender: 'F', year: headBirthYear - 26, name: pick(SURNAMES) + pick(GIVEN_F) });
        const address = `${this.divisions.get(v.parentCode!)?.name ?? ''}${v.name.replace(/(村民委员会|村委会|社区居委会|居委会)$/, '')}${pick(STREETS)}${1 + Math.floor(r() * 180)}号`;
        let headId = '';
        const history: MHousehold['history'] = [];
        for (const m of members) {
          const month = 1 + Math.floor(r() * 12);
          const day = 1 + Math.floor(r() * 28);
          const birthDate = `${m.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const seqDigit = Math.floor(r() * 50) * 2 + (m.gender === 'M' ? 1 : 0);
          const id17 = `${v.code.slice(0, 6)}${birthDate.replace(/-/g, '')}${String(Math.floor(r() * 10))}${String(seqDigit).padStart(2, '0').slice(-2)}`;
          const id = String(pid++);
          const age = ageOf(birthDate);
          const dead = age > 80 && r() < 0.15;
          const disabled = r() < 0.06;
          const p: MPerson = {
            id,
            idNumber: withCheckDigit(id17.slice(0, 17)),
            name: m.name,
            gender: m.gender,
            birthDate,
            ethnicity: r() < 0.97 ? '01' : pick(['03', '11', '02']),
            phone: age >= 16 && r() < 0.85 ? `1${pick(['3', '5', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}` : null,
            divisionCode: v.code,
            urbanRural,
            residenceDivisionCode: null,
            address,
            disability: disabled ? { category: pick(['1', '2', '4', '5', '6']), grade: 1 + Math.floor(r() * 4), certificateNo: `1403${Math.floor(r() * 1e10)}` } : null,
            healthConditions: age > 60 && r() < 0.4 ? ['chronic'] : disabled ? ['disabled'] : ['healthy'],
            labourCapacity: age < 16 || age > 70 ? 'none' : disabled ? 'partial' : 'full',
            status: dead ? 'deceased' : r() < 0.02 ? 'moved_out' : 'living',
            deathDate: dead ? '2025-12-0' + (1 + Math.floor(r() * 9)) : null,
            householdId: hhId,
            relation: m.rel,
            version: 1,
            createdAt: '2026-03-01T02:00:00.000Z',
            updatedAt: `2026-${String(3 + Math.floor(r() * 8)).padStart(2, '0')}-1${Math.floor(r() * 9)}T0${Math.floor(r() * 9)}:20:00.000Z`,
          };
          if (m.rel === '02') headId = id;
          this.persons.set(id, p);
          history.push({ personId: id, relation: m.rel, joinedOn: m.rel === '02' || m.rel === '10' ? '2010-05-12' : birthDate, leftOn: null, reason: null });
        }
        const head = this.persons.get(headId)!;
        this.households.set(hhId, {
          id: hhId,
          divisionCode: v.code,
          address,
          urbanRural,
          headId,
          bankName: r() < 0.7 ? pick(['阳泉市商业银行', '中国农业银行阳泉分行', '山西农信平定联社', '中国邮政储蓄银行阳泉分行']) : null,
          bankAccount: r() < 0.7 ? `6228${String(Math.floor(r() * 1e15)).padStart(15, '0')}` : null,
          bankAccountName: head.name,
          history,
          version: 1,
        });
      }
    }
    const sample = [...this.persons.values()].filter((p) => p.divisionCode.startsWith('140321100')).slice(0, 30);
    const actors = ['张丽娟', '郭卫东', '王建华'];
    sample.forEach((p, i) => {
      const at = new Date(Date.UTC(2026, 10, 29, 1 + (i % 9), (i * 7) % 60)).toISOString();
      if (i % 3 === 0) this.log(actors[i % 3], 'person.revealed', 'person', p.id, p.divisionCode, '核对低保申请人身份信息', null, { field: 'idNumber' }, at);
      else this.log(actors[i % 3], 'person.updated', 'person', p.id, p.divisionCode, null, { phone: maskPhone(p.phone), address: p.address, labourCapacity: 'full' }, { phone: maskPhone(p.phone), address: p.address + '（新）', labourCapacity: p.labourCapacity }, at);
    });
  }

  log(actorName: string, action: string, entityType: string, entityId: string, divisionCode: string | null, reason: string | null, before: unknown, after: unknown, at = new Date().toISOString()) {
    this.audit.push({ id: this.audit.length + 1, at, actorName, action, entityType, entityId, divisionCode, reason, before, after });
  }

  division(code: string) {
    return this.divisions.get(code);
  }
  path(code: string) {
    const out: { code: string; name: string }[] = [];
    for (let d = this.divisions.get(code); d; d = d.parentCode ? this.divisions.get(d.parentCode) : undefined) out.unshift({ code: d.code, name: d.name });
    return out;
  }
  counts(prefix: string) {
    let persons = 0;
    const hh = new Set<string>();
    for (const p of this.persons.values()) {
      if (p.status !== 'living' || !p.divisionCode.startsWith(prefix)) continue;
      persons++;
      if (p.householdId) hh.add(p.householdId);
    }
    return { persons, households: hh.size };
  }
  personOut(p: MPerson) {
    const h = p.householdId ? this.households.get(p.householdId) : null;
    return {
      id: p.id,
      idNumberMasked: maskId(p.idNumber),
      name: p.name,
      gender: p.gender,
      birthDate: p.birthDate,
      age: ageOf(p.birthDate, p.deathDate ?? today()),
      ethnicity: p.ethnicity,
      phoneMasked: maskPhone(p.phone),
      divisionCode: p.divisionCode,
      divisionName: this.path(p.divisionCode).slice(2).map((x) => x.name).join(''),
      urbanRural: p.urbanRural,
      residenceDivisionCode: p.residenceDivisionCode,
      residenceDivisionName: p.residenceDivisionCode ? this.division(p.residenceDivisionCode)?.name ?? null : null,
      address: p.address,
      disability: p.disability,
      healthConditions: p.healthConditions,
      labourCapacity: p.labourCapacity,
      status: p.status,
      deathDate: p.deathDate,
      household: h ? { id: h.id, relation: p.relation, headName: this.persons.get(h.headId)?.name ?? '' } : null,
      householdId: p.householdId,
      version: p.version,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }
  householdOut(h: MHousehold) {
    const members = h.history
      .filter((x) => !x.leftOn)
      .map((x) => this.persons.get(x.personId)!)
      .filter(Boolean)
      .map((p) => ({
        personId: p.id,
        name: p.name,
        relation: p.relation ?? '',
        relationName: RELATION_NAME.get(p.relation ?? '') ?? '',
        idNumberMasked: maskId(p.idNumber),
        age: ageOf(p.birthDate, p.deathDate ?? today()),
        gender: p.gender,
        status: p.status,
        joinedOn: h.history.find((x) => x.personId === p.id && !x.leftOn)?.joinedOn ?? '',
      }));
    const head = this.persons.get(h.headId);
    return {
      id: h.id,
      divisionCode: h.divisionCode,
      divisionName: this.path(h.divisionCode).slice(2).map((x) => x.name).join(''),
      address: h.address,
      urbanRural: h.urbanRural,
      head: head ? { id: head.id, name: head.name } : null,
      bankName: h.bankName,
      bankAccountMasked: h.bankAccount ? `${h.bankAccount.slice(0, 4)} **** **** ${h.bankAccount.slice(-4)}` : null,
      bankAccountName: h.bankAccountName,
      members,
      history: h.history.map((x) => ({ ...x, name: this.persons.get(x.personId)?.name ?? '' })),
      version: h.version,
    };
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly errors?: { field: string; code: string; message: string }[],
  ) {
    super(title);
  }
}

function send(res: ServerResponse, status: number, body?: unknown, type = 'application/json') {
  res.statusCode = status;
  if (body === undefined) return res.end();
  res.setHeader('content-type', `${type}; charset=utf-8`);
  res.end(typeof body === 'string' || body instanceof Buffer ? body : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (type.includes('json')) return raw.length ? (JSON.parse(raw.toString('utf8')) as Json) : {};
  if (type.includes('multipart')) {
    const text = raw.toString('latin1');
    const mode = /name="mode"\r\n\r\n([a-z]+)/.exec(text)?.[1] ?? 'all';
    const filename = /filename="([^"]*)"/.exec(text)?.[1] ?? '';
    return { mode, filename, size: raw.length };
  }
  return {};
}

function cookieUser(store: Store, req: IncomingMessage): MUser | null {
  const m = /(?:^|;\s*)mz_mock_session=([^;]+)/.exec(req.headers.cookie ?? '');
  if (!m) return null;
  const u = store.users.get(decodeURIComponent(m[1]));
  return u && !u.disabled ? u : null;
}

function userOut(store: Store, u: MUser) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    divisionCode: u.divisionCode,
    divisionName: store.division(u.divisionCode)?.name ?? u.divisionCode,
    permissions: PERMS[u.role],
  };
}

export function mockApi(): Plugin {
  const store = new Store();
  return {
    name: 'minzheng-mock-api',
    configureServer(server) {
      server.middlewares.use('/api/v1', (req, res) => {
        handle(store, req, res).catch((e: unknown) => {
          if (e instanceof HttpError) {
            res.statusCode = e.status;
            res.setHeader('content-type', 'application/problem+json; charset=utf-8');
            res.end(JSON.stringify({ type: 'about:blank', title: e.title, status: e.status, code: e.code, errors: e.errors }));
          } else {
            console.error(e);
            send(res, 500, { title: '服务器内部错误', status: 500, code: 'INTERNAL' });
          }
        });
      });
    },
  };
}

async function handle(store: Store, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://mock');
  const path = url.pathname.replace(/\/$/, '') || '/';
  const method = req.method ?? 'GET';
  const q = url.searchParams;
  const seg = path.split('/').filter(Boolean);

  if (method === 'POST' && path === '/auth/login') {
    const b = await readBody(req);
    const u = [...store.users.values()].find((x) => x.username === b.username);
    if (u?.lockedUntil && new Date(u.lockedUntil) > new Date()) throw new HttpError(423, 'AUTH_LOCKED', '账号因多次密码错误已被锁定，请 15 分钟后再试或联系管理员解锁');
    if (!u || u.password !== b.password || u.disabled) {
      if (u) {
        u.failures++;
        if (u.failures >= 5) u.lockedUntil = new Date(Date.now() + 15 * 60_000).toISOString();
      }
      throw new HttpError(401, 'AUTH_INVALID_CREDENTIALS', '用户名或密码错误');
    }
    u.failures = 0;
    u.lastLoginAt = new Date().toISOString();
    res.setHeader('set-cookie', `mz_mock_session=${u.id}; Path=/; HttpOnly; SameSite=Lax`);
    return send(res, 200, { user: userOut(store, u) });
  }
  const me = cookieUser(store, req);
  if (method === 'POST' && path === '/auth/logout') {
    res.setHeader('set-cookie', 'mz_mock_session=; Path=/; Max-Age=0');
    return send(res, 204);
  }
  if (!me) throw new HttpError(401, 'AUTH_REQUIRED', '请先登录');
  const scope = me.divisionCode;
  const inScope = (code: string) => code.startsWith(scope);
  const perms = PERMS[me.role];
  const need = (p: string) => {
    if (!perms.includes(p)) throw new HttpError(403, 'FORBIDDEN', '无权执行此操作');
  };

  if (path === '/auth/me') return send(res, 200, { user: userOut(store, me) });
  if (method === 'POST' && path === '/auth/password') {
    const b = await readBody(req);
    if (b.oldPassword !== me.password) throw new HttpError(400, 'AUTH_WRONG_PASSWORD', '原密码不正确', [{ field: 'oldPassword', code: 'wrong', message: '原密码不正确' }]);
    me.password = String(b.newPassword);
    return send(res, 204);
  }
  if (path === '/meta/enums') return send(res, 200, ENUMS);

  if (seg[0] === 'divisions' && seg[1]) {
    const d = store.division(seg[1]);
    if (!d) throw new HttpError(404, 'DIVISION_NOT_FOUND', '区划不存在');
    const withCounts = q.get('withCounts') === 'true';
    const kids = (store.childrenOf.get(d.code) ?? []).map((c) => ({
      code: c.code,
      name: c.name,
      level: c.level,
      kind: c.kind,
      hasChildren: (store.childrenOf.get(c.code)?.length ?? 0) > 0,
      ...(withCounts ? store.counts(c.code) : {}),
    }));
    return send(res, 200, { code: d.code, name: d.name, level: d.level, kind: d.kind, parentCode: d.parentCode, path: store.path(d.code), ...(withCounts ? store.counts(d.code) : {}), children: kids });
  }

  if (seg[0] === 'persons') {
    need('registry:read');
    if (method === 'GET' && seg.length === 1) {
      let items = [...store.persons.values()].filter((p) => inScope(p.divisionCode));
      const div = q.get('divisionCode');
      if (div) items = items.filter((p) => p.divisionCode.startsWith(div));
      const term = q.get('q');
      if (term) items = items.filter((p) => p.name.includes(term) || p.idNumber.includes(term.toUpperCase()) || (p.phone ?? '').includes(term));
      if (q.get('status')) items = items.filter((p) => p.status === q.get('status'));
      if (q.get('gender')) items = items.filter((p) => p.gender === q.get('gender'));
      if (q.get('ageMin')) items = items.filter((p) => ageOf(p.birthDate) >= Number(q.get('ageMin')));
      if (q.get('ageMax')) items = items.filter((p) => ageOf(p.birthDate) <= Number(q.get('ageMax')));
      const sort = (q.get('sort') ?? 'name') as 'name' | 'birthDate' | 'updatedAt' | 'idNumber';
      const dir = q.get('order') === 'desc' ? -1 : 1;
      items.sort((a, b) => (a[sort] < b[sort] ? -dir : a[sort] > b[sort] ? dir : a.id < b.id ? -1 : 1));
      const page = Number(q.get('page') ?? 1);
      const pageSize = Number(q.get('pageSize') ?? 20);
      return send(res, 200, { items: items.slice((page - 1) * pageSize, page * pageSize).map((p) => store.personOut(p)), total: items.length, page, pageSize });
    }
    if (method === 'GET' && seg[1] === 'export.xlsx') {
      store.log(me.displayName, 'person.exported', 'person', '-', scope, null, null, { filters: Object.fromEntries(q) });
      res.setHeader('content-disposition', "attachment; filename*=UTF-8''%E4%BA%BA%E5%91%98.xlsx");
      return send(res, 200, Buffer.from('PK'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    }
    if (method === 'POST' && seg.length === 1) {
      need('registry:write');
      const b = await readBody(req);
      const errors: { field: string; code: string; message: string }[] = [];
      if (!/^\d{17}[\dX]$/.test(String(b.idNumber ?? ''))) errors.push({ field: 'idNumber', code: 'invalid', message: '公民身份号码格式不正确' });
      if (!b.name) errors.push({ field: 'name', code: 'required', message: '请填写姓名' });
      if (!b.divisionCode || !inScope(String(b.divisionCode))) errors.push({ field: 'divisionCode', code: 'out_of_scope', message: '户籍地不在您的管辖范围内' });
      if (b.phone && !/^1\d{10}$/.test(String(b.phone))) errors.push({ field: 'phone', code: 'invalid', message: '手机号码应为 11 位' });
      if (errors.length) throw new HttpError(400, 'VALIDATION_FAILED', '提交的信息有误，请按提示修改', errors);
      const dup = [...store.persons.values()].find((p) => p.idNumber === b.idNumber);
      if (dup) throw new HttpError(409, 'PERSON_DUPLICATE_ID_NUMBER', `该身份证号已登记于 ${store.division(dup.divisionCode)?.name ?? ''}`, [{ field: 'idNumber', code: 'duplicate', message: `该身份证号已登记（${dup.name}，${store.path(dup.divisionCode).slice(3).map((x) => x.name).join('')}）` }]);
      const id = String(++store.seq);
      const now = new Date().toISOString();
      const idn = String(b.idNumber);
      const p: MPerson = {
        id,
        idNumber: idn,
        name: String(b.name),
        gender: (b.gender as 'M' | 'F') ?? (Number(idn[16]) % 2 ? 'M' : 'F'),
        birthDate: String(b.birthDate ?? `${idn.slice(6, 10)}-${idn.slice(10, 12)}-${idn.slice(12, 14)}`),
        ethnicity: String(b.ethnicity ?? '01'),
        phone: (b.phone as string) ?? null,
        divisionCode: String(b.divisionCode),
        urbanRural: (b.urbanRural as 'urban') ?? 'rural',
        residenceDivisionCode: (b.residenceDivisionCode as string) ?? null,
        address: (b.address as string) ?? null,
        disability: (b.disability as MPerson['disability']) ?? null,
        healthConditions: (b.healthConditions as string[]) ?? [],
        labourCapacity: (b.labourCapacity as string) ?? null,
        status: 'living',
        deathDate: null,
        householdId: null,
        relation: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      store.persons.set(id, p);
      store.log(me.displayName, 'person.created', 'person', id, p.divisionCode, null, null, { name: p.name, divisionCode: p.divisionCode });
      return send(res, 201, store.personOut(p));
    }
    const p = store.persons.get(seg[1]);
    if (!p) throw new HttpError(404, 'PERSON_NOT_FOUND', '人员不存在');
    if (!inScope(p.divisionCode)) throw new HttpError(403, 'OUT_OF_SCOPE', '该人员不在您的管辖范围内');
    if (method === 'GET' && seg.length === 2) return send(res, 200, store.personOut(p));
    need('registry:write');
    const b = await readBody(req);
    if (seg[2] === 'reveal') {
      need('registry:reveal');
      if (!b.reason || String(b.reason).trim().length < 2) throw new HttpError(400, 'REASON_REQUIRED', '请填写查看事由', [{ field: 'reason', code: 'required', message: '请填写查看事由' }]);
      store.log(me.displayName, 'person.revealed', 'person', p.id, p.divisionCode, String(b.reason), null, { field: b.field });
      return send(res, 200, { value: b.field === 'phone' ? p.phone : p.idNumber });
    }
    if (seg[2] === 'death') {
      const before = { status: p.status, deathDate: p.deathDate };
      Object.assign(p, { status: 'deceased', deathDate: String(b.deathDate), version: p.version + 1, updatedAt: new Date().toISOString() });
      store.log(me.displayName, 'person.deceased', 'person', p.id, p.divisionCode, null, before, { status: p.status, deathDate: p.deathDate });
      return send(res, 200, store.personOut(p));
    }
    if (seg[2] === 'move') {
      const before = { divisionCode: p.divisionCode, address: p.address };
      Object.assign(p, { divisionCode: String(b.divisionCode), residenceDivisionCode: (b.residenceDivisionCode as string) ?? null, address: (b.address as string) ?? p.address, version: p.version + 1, updatedAt: new Date().toISOString() });
      if (!inScope(p.divisionCode)) p.status = 'moved_out';
      store.log(me.displayName, 'person.moved', 'person', p.id, before.divisionCode, null, before, { divisionCode: p.divisionCode, address: p.address });
      return send(res, 200, store.personOut(p));
    }
    if (method === 'PATCH') {
      if (b.version !== p.version) throw new HttpError(409, 'VERSION_CONFLICT', '数据已被他人修改，请刷新后重试');
      const errors: { field: string; code: string; message: string }[] = [];
      if (b.phone && !/^1\d{10}$/.test(String(b.phone))) errors.push({ field: 'phone', code: 'invalid', message: '手机号码应为 11 位，以 1 开头' });
      if ('name' in b && !String(b.name ?? '').trim()) errors.push({ field: 'name', code: 'required', message: '姓名不能为空' });
      if (errors.length) throw new HttpError(400, 'VALIDATION_FAILED', '提交的信息有误，请按提示修改', errors);
      const before: Json = {};
      const after: Json = {};
      for (const [k, v] of Object.entries(b)) {
        if (k === 'version') continue;
        before[k] = k === 'phone' ? maskPhone(p.phone) : (p as unknown as Json)[k];
        (p as unknown as Json)[k] = v;
        after[k] = k === 'phone' ? maskPhone(v as string) : v;
      }
      p.version++;
      p.updatedAt = new Date().toISOString();
      store.log(me.displayName, 'person.updated', 'person', p.id, p.divisionCode, null, before, after);
      return send(res, 200, store.personOut(p));
    }
  }

  if (seg[0] === 'households' && seg[1]) {
    need('registry:read');
    const h = store.households.get(seg[1]);
    if (!h) throw new HttpError(404, 'HOUSEHOLD_NOT_FOUND', '家庭户不存在');
    if (!inScope(h.divisionCode)) throw new HttpError(403, 'OUT_OF_SCOPE', '该户不在您的管辖范围内');
    if (method === 'GET') return send(res, 200, store.householdOut(h));
    need('registry:write');
    const b = await readBody(req);
    const now = today();
    if (method === 'PATCH') {
      if (b.version !== h.version) throw new HttpError(409, 'VERSION_CONFLICT', '数据已被他人修改，请刷新后重试');
      for (const k of ['address', 'urbanRural', 'bankName', 'bankAccount', 'bankAccountName']) if (k in b) (h as unknown as Json)[k] = b[k];
      h.version++;
      store.log(me.displayName, 'household.updated', 'household', h.id, h.divisionCode, null, null, { ...b, bankAccount: b.bankAccount ? '****' : undefined });
      return send(res, 200, store.householdOut(h));
    }
    if (seg[2] === 'members' && !seg[3]) {
      const p = store.persons.get(String(b.personId));
      if (!p) throw new HttpError(400, 'VALIDATION_FAILED', '人员不存在', [{ field: 'personId', code: 'not_found', message: '人员不存在' }]);
      if (p.householdId) throw new HttpError(409, 'PERSON_IN_OTHER_HOUSEHOLD', `${p.name} 已属于其他家庭户，请先办理迁出`, [{ field: 'personId', code: 'in_household', message: '该人员已属于其他家庭户' }]);
      p.householdId = h.id;
      p.relation = String(b.relation);
      h.history.push({ personId: p.id, relation: p.relation, joinedOn: String(b.joinedOn ?? now), leftOn: null, reason: null });
      h.version++;
      store.log(me.displayName, 'household.member_joined', 'household', h.id, h.divisionCode, null, null, { personId: p.id, relation: p.relation });
      return send(res, 200, store.householdOut(h));
    }
    if (seg[2] === 'members' && seg[4] === 'leave') {
      const entry = h.history.find((x) => x.personId === seg[3] && !x.leftOn);
      if (!entry) throw new HttpError(404, 'MEMBER_NOT_FOUND', '该成员不在本户');
      if (seg[3] === h.headId) throw new HttpError(409, 'HEAD_CANNOT_LEAVE', '户主不能直接迁出，请先变更户主');
      entry.leftOn = String(b.leftOn ?? now);
      entry.reason = String(b.reason ?? '');
      const p = store.persons.get(seg[3])!;
      p.householdId = null;
      h.version++;
      store.log(me.displayName, 'household.member_left', 'household', h.id, h.divisionCode, entry.reason, { personId: p.id }, { leftOn: entry.leftOn });
      return send(res, 200, store.householdOut(h));
    }
    if (seg[2] === 'split') {
      const ids = ((b.personIds as number[]) ?? []).map(String);
      const nid = String(++store.seq);
      const nh: MHousehold = { id: nid, divisionCode: h.divisionCode, address: String(b.address ?? h.address), urbanRural: h.urbanRural, headId: String(b.headPersonId), bankName: null, bankAccount: null, bankAccountName: null, history: [], version: 1 };
      for (const id of ids) {
        const e = h.history.find((x) => x.personId === id && !x.leftOn);
        if (e) Object.assign(e, { leftOn: b.splitOn, reason: '分户' });
        const p = store.persons.get(id)!;
        p.householdId = nid;
        p.relation = id === String(b.headPersonId) ? '02' : '97';
        nh.history.push({ personId: id, relation: p.relation, joinedOn: String(b.splitOn), leftOn: null, reason: null });
      }
      store.households.set(nid, nh);
      h.version++;
      store.log(me.displayName, 'household.split', 'household', h.id, h.divisionCode, null, null, { newHouseholdId: nid, personIds: ids });
      return send(res, 200, { household: { id: nid } });
    }
    if (seg[2] === 'merge') {
      const t = store.households.get(String(b.intoHouseholdId));
      if (!t) throw new HttpError(400, 'VALIDATION_FAILED', '目标户不存在', [{ field: 'intoHouseholdId', code: 'not_found', message: '目标户不存在' }]);
      const rel = (b.relations as Record<string, string>) ?? {};
      for (const e of h.history.filter((x) => !x.leftOn)) {
        Object.assign(e, { leftOn: b.mergedOn, reason: '合户' });
        const p = store.persons.get(e.personId)!;
        p.householdId = t.id;
        p.relation = rel[p.id] ?? '97';
        t.history.push({ personId: p.id, relation: p.relation, joinedOn: String(b.mergedOn), leftOn: null, reason: null });
      }
      t.version++;
      store.log(me.displayName, 'household.merged', 'household', h.id, h.divisionCode, null, null, { intoHouseholdId: t.id });
      return send(res, 200, { household: { id: t.id } });
    }
  }

  if (seg[0] === 'registry') {
    if (path === '/registry/import/template') {
      res.setHeader('content-disposition', "attachment; filename*=UTF-8''%E4%BA%BA%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
      return send(res, 200, Buffer.from('PK'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    }
    need('registry:import');
    if (method === 'POST' && path === '/registry/imports') {
      const b = await readBody(req);
      if (!String(b.filename).endsWith('.xlsx')) throw new HttpError(400, 'IMPORT_BAD_FILE', '仅支持 .xlsx 文件');
      const jobId = `imp-${++store.seq}`;
      const job = { status: 'queued', processed: 0, total: 1200, imported: 0, failed: 0, mode: String(b.mode) };
      store.jobs.set(jobId, job);
      const tick = setInterval(() => {
        job.status = 'running';
        job.processed = Math.min(job.total, job.processed + 120);
        job.failed = Math.floor(job.processed / 100);
        job.imported = job.mode === 'all' ? 0 : job.processed - job.failed;
        if (job.processed >= job.total) {
          job.status = job.mode === 'all' && job.failed ? 'rejected' : 'succeeded';
          clearInterval(tick);
        }
      }, 400);
      return send(res, 202, { jobId });
    }
    const job = store.jobs.get(seg[2]);
    if (!job) throw new HttpError(404, 'IMPORT_NOT_FOUND', '导入任务不存在');
    const view = () => ({ status: job.status, processed: job.processed, total: job.total, imported: job.imported, failed: job.failed });
    if (seg[3] === 'events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const push = () => {
        res.write(`data: ${JSON.stringify(view())}\n\n`);
        if (['succeeded', 'failed', 'rejected'].includes(job.status)) {
          clearInterval(t);
          res.end();
        }
      };
      const t = setInterval(push, 300);
      push();
      req.on('close', () => clearInterval(t));
      return;
    }
    if (seg[3] === 'errors.xlsx') return send(res, 200, Buffer.from('PK'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return send(res, 200, view());
  }

  if (seg[0] === 'audit') {
    need('audit:read');
    if (seg[1] === 'verify') return send(res, 200, { ok: true, checked: store.audit.length });
    let items = [...store.audit].reverse();
    const f = (k: string) => q.get(k);
    if (f('actor')) items = items.filter((a) => String(a.actorName).includes(f('actor')!));
    if (f('action')) items = items.filter((a) => String(a.action).includes(f('action')!));
    if (f('entityType')) items = items.filter((a) => a.entityType === f('entityType'));
    if (f('entityId')) items = items.filter((a) => a.entityId === f('entityId'));
    if (f('from')) items = items.filter((a) => String(a.at) >= f('from')!);
    if (f('to')) items = items.filter((a) => String(a.at) <= f('to')!);
    const page = Number(q.get('page') ?? 1);
    const pageSize = Number(q.get('pageSize') ?? 20);
    return send(res, 200, { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length });
  }

  if (seg[0] === 'users') {
    need('users:manage');
    const out = (u: MUser) => ({ ...userOut(store, u), disabled: u.disabled, lockedUntil: u.lockedUntil, lastLoginAt: u.lastLoginAt, permissions: undefined });
    if (method === 'GET') return send(res, 200, { items: [...store.users.values()].map(out) });
    const b = await readBody(req);
    if (method === 'POST' && seg.length === 1) {
      if ([...store.users.values()].some((u) => u.username === b.username)) throw new HttpError(409, 'USER_DUPLICATE_USERNAME', '用户名已存在', [{ field: 'username', code: 'duplicate', message: '该用户名已被使用' }]);
      const id = String(++store.seq);
      const u: MUser = { id, username: String(b.username), displayName: String(b.displayName), role: b.role as Role, divisionCode: String(b.divisionCode), password: String(b.password), disabled: false, failures: 0, lockedUntil: null, lastLoginAt: null };
      store.users.set(id, u);
      store.log(me.displayName, 'user.created', 'user', id, u.divisionCode, null, null, { username: u.username, role: u.role });
      return send(res, 201, out(u));
    }
    const u = store.users.get(seg[1]);
    if (!u) throw new HttpError(404, 'USER_NOT_FOUND', '用户不存在');
    if (method === 'PATCH') {
      const before = { displayName: u.displayName, role: u.role, divisionCode: u.divisionCode, disabled: u.disabled };
      Object.assign(u, b);
      store.log(me.displayName, 'user.updated', 'user', u.id, u.divisionCode, null, before, b);
      return send(res, 200, out(u));
    }
    if (seg[2] === 'reset-password') {
      u.password = String(b.newPassword);
      return send(res, 204);
    }
    if (seg[2] === 'unlock') {
      u.lockedUntil = null;
      u.failures = 0;
      return send(res, 204);
    }
  }
  throw new HttpError(404, 'NOT_FOUND', '接口不存在');
}
