import pg from 'pg';
import { startPgCluster, type PgCluster } from '../../scripts/pg-cluster';
import { startServer, type TestServer } from './server';

export interface PgTestServer {
  server: TestServer;
  /** the platform's database, for what a journey must arrange outside the console (a notice period let pass) */
  db: pg.Pool;
  stop(): Promise<void>;
}

/**
 * The platform on its own database of a throwaway PostgreSQL cluster: journeys that move a case's clock
 * in the database (seven days of public notice cannot be waited for) run on it.
 */
export async function startServerOnPostgres(database: string, env: Record<string, string> = {}): Promise<PgTestServer> {
  const cluster: PgCluster = await startPgCluster();
  const admin = new pg.Client(cluster.url);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = cluster.url.replace(/\/postgres$/, `/${database}`);
  const server = await startServer({ env: { DATABASE_URL: url, ...env } });
  const db = new pg.Pool({ connectionString: url, max: 2 });
  return {
    server, db,
    async stop() {
      await server.stop();
      await db.end();
      await cluster.stop();
    },
  };
}
