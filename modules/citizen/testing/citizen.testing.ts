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
