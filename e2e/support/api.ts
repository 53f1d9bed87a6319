import { DEMO_PASSWORD } from './browser';
import type { TestServer } from './server';

export interface ApiSession {
  cookie: string;
  /** A JSON call under /api/v1 with the session's cookie; a status of 400 or more throws with the body. */
  api<T = unknown>(path: string, init?: RequestInit): Promise<T>;
}

/** Signs a user in over the API, for a journey's setup (finding a subject, creating a user), not its steps. */
export async function apiSession(server: TestServer, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return {
    cookie,
    async api<T = unknown>(path: string, init: RequestInit = {}): Promise<T> {
      const call = await fetch(`${server.baseUrl}/api/v1${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) } });
      if (!call.ok) throw new Error(`${path}: ${call.status} ${await call.text()}`);
      return call.json() as Promise<T>;
    },
  };
}
