import type { FastifyInstance } from 'fastify';
import type { Database } from '#kernel';
import type { RegistryDeps } from '../registry.context';
import { importRoutes } from './import.routes';
import { exportRoutes } from '../export/export.routes';

/** The roster (花名册) routes: import from xlsx and export of a search. */
export async function rosterRoutes(app: FastifyInstance, opts: { db: Database; deps: RegistryDeps }) {
  await importRoutes(app, opts);
  await exportRoutes(app, opts);
}
