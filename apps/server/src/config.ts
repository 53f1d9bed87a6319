import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  production: boolean;
  /** Run on the embedded database in production anyway (see README: PGlite never fsyncs). */
  embeddedProduction: boolean;
  /** Persons in the demo population on first start (0: none). */
  demoPersons: number;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: Partial<Config> = {}): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    production: env.NODE_ENV === 'production',
    embeddedProduction: env.MINZHENG_EMBEDDED_PRODUCTION === '1',
    demoPersons: Number(env.DEMO_PERSONS ?? 80_000),
    logLevel: env.LOG_LEVEL ?? 'info',
    ...flags,
  };
}
