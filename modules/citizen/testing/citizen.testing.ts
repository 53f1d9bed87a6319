// Test helpers: a household whose members have phones, and a signed-in phone session through the
// real HTTP API, reading the code from the demo sender's inbox.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inTransaction, SYSTEM_ACTOR } from '#kernel';
import { addMember, createHousehold, createPerson } from '#registry';
import type { Platform } from '../../../apps/server/src/platform';
import { personInput } from '../../../test/factories';
import type { DemoSmsSender } from '../signin/sms';

let phoneSeq = 0;
export const nextPhone = () => `139${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;

/** A head (45), a spouse (43), a child (14), all living in `village`, head and spouse with phones. */
export async function householdWithPhones(p: Platform, village = '140321100201', names = ['王德明', '李秀英', '王小明']) {
  return inTransaction(p.db, async (tx) => {
    const head = await createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ divisionCode: village, name: names[0], birthDate: '1981-02-03', phone: nextPhone() }));
    const h = await createHousehold(tx, p.registry, SYSTEM_ACTOR, { headPersonId: head.id, formedOn: '2005-01-01' });
    const spouse = await createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ divisionCode: village, name: names[1], birthDate: '1983-04-05', gender: 'F', phone: nextPhone() }));
    await addMember(tx, SYSTEM_ACTOR, h.id, spouse.id, '10', '2005-01-01');
    const child = await createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ divisionCode: village, name: names[2], birthDate: '2012-06-01' }));
    await addMember(tx, SYSTEM_ACTOR, h.id, child.id, '20', '2012-06-01');
    return { household: h, head, spouse, child };
  });
}

/** One person with a phone and no household. */
export async function personWithPhone(p: Platform, name = '刘桂兰', village = '140321100201') {
  return inTransaction(p.db, (tx) => createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ divisionCode: village, name, birthDate: '1960-07-08', gender: 'F', phone: nextPhone() })));
}

export interface Phone {
  cookie: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export const lastCode = (sms: DemoSmsSender, phone: string) => {
  const m = sms.inbox().find((x) => x.phone === phone);
  return m?.text.match(/(\d{6})/)?.[1] ?? null;
};

export async function requestCode(app: FastifyInstance, idNumber: string, name: string, ip = '10.0.0.1') {
  return app.inject({ method: 'POST', url: '/api/v1/citizen/auth/code', payload: { idNumber, name }, remoteAddress: ip });
}

export async function phoneSignIn(app: FastifyInstance, sms: DemoSmsSender, person: { idNumber: string; name: string; phone: string | null }): Promise<Phone> {
  const res = await requestCode(app, person.idNumber, person.name);
  if (res.statusCode !== 200) throw new Error(`code: ${res.statusCode} ${res.body}`);
  const code = lastCode(sms, person.phone!);
  const v = await app.inject({ method: 'POST', url: '/api/v1/citizen/auth/verify', payload: { challengeId: res.json().challengeId, code } });
  if (v.statusCode !== 200) throw new Error(`verify: ${v.statusCode} ${v.body}`);
  const cookie = String(v.headers['set-cookie']).split(';')[0];
  const call = (method: 'GET' | 'POST') => (url: string, body?: unknown) =>
    app.inject({ method, url: `/api/v1/citizen${url}`, headers: { cookie }, ...(body === undefined ? {} : { payload: body as object }) });
  return { cookie, get: call('GET'), post: call('POST') };
}

/** A small valid JPEG (a 1×1 white pixel) made unique by a comment segment. */
export function jpeg(tag = 'x'): Buffer {
  const head = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
  const note = Buffer.from(tag);
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, note.length + 2]), note]);
  const body = Buffer.from(
    'ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432' +
    'ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9', 'hex');
  return Buffer.concat([head, com, body]);
}

/** A multipart/form-data body with one file field. */
export function multipart(bytes: Buffer, filename: string, type: string) {
  const boundary = `----mz${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(app: FastifyInstance, phone: Phone, bytes: Buffer, filename = 'photo.jpg', type = 'image/jpeg') {
  const m = multipart(bytes, filename, type);
  return app.inject({ method: 'POST', url: '/api/v1/citizen/files', payload: m.payload, headers: { ...m.headers, cookie: phone.cookie } });
}
