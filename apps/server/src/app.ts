import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import client from 'prom-client';
import { sql } from 'drizzle-orm';
import { registryRoutes } from '#registry';
import { assistanceRoutes } from '#assistance';
import { paymentsRoutes } from '#payments';
import { verificationRoutes } from '#verification';
import { elderlyRoutes } from '#elderly';
import { citizenRoutes, DemoSmsSender, type SmsSender } from '#citizen';
import { inboxRoutes } from '#kernel';
import { registerActor } from './http/actor';
import { sendProblem } from './http/problem';
import { authRoutes } from './routes/auth.routes';
import { userRoutes } from './routes/users.routes';
import { auditRoutes } from './routes/audit.routes';
import { divisionRoutes } from './routes/divisions.routes';
import { ROOT, type Platform } from './platform';

z.config(z.locales.zhCN());

export interface AppOptions {
  logger?: boolean | object;
  /** the phone service's SMS gateway; default: the demo sender (server log and developer inbox) */
  sms?: SmsSender;
  /** sign-in answers take at least this long (ms), whatever the outcome; default 400 */
  citizenMinLatencyMs?: number;
}

export async function buildApp(platform: Platform, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: platform.config.logLevel },
    bodyLimit: 2 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => sendProblem(err as Error, req, reply));

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: '民政一体化服务平台 API', version: '1', description: 'Minzheng civil-affairs platform. Errors are application/problem+json with a stable `code`.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'mz_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerMetrics(app);
  registerActor(app, platform);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await platform.db.orm.execute(sql`select 1`);
      return { status: 'ready', database: platform.db.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  await app.register(async (api) => {
    await authRoutes(api, platform);
    await userRoutes(api, platform);
    await auditRoutes(api, platform);
    await divisionRoutes(api, platform);
    await registryRoutes(api, { db: platform.db, deps: platform.registry });
    await assistanceRoutes(api, { db: platform.db, divisions: platform.divisions });
    await paymentsRoutes(api, { db: platform.db, divisions: platform.divisions });
    await verificationRoutes(api, { db: platform.db });
    await inboxRoutes(api, { db: platform.db });
    await elderlyRoutes(api, { db: platform.db });
    await citizenRoutes(api, {
      db: platform.db, divisions: platform.divisions, registry: platform.registry, production: platform.config.production,
      sms: opts.sms ?? new DemoSmsSender(app.log), minLatencyMs: opts.citizenMinLatencyMs,
    });
  }, { prefix: '/api/v1' });

  registerConsole(app);
  return app;
}

function registerMetrics(app: FastifyInstance) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

/**
 * The built React console at /console. Files are looked up on each request (a rebuilt console is
 * served without a restart); a client-side route falls back to index.html, a missing asset is 404.
 */
function registerConsole(app: FastifyInstance) {
  const dist = join(ROOT, 'apps', 'web', 'dist');
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/console/'));
  app.get('/console', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/console/'));
  app.register(fastifyStatic, { root: dist, prefix: '/console/', wildcard: true, index: ['index.html'] });
  // The citizen phone site (apps/citizen) at /m/, the same way.
  const phone = join(ROOT, 'apps', 'citizen', 'dist');
  app.get('/m', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/m/'));
  app.register(fastifyStatic, { root: phone, prefix: '/m/', wildcard: true, index: ['index.html'], decorateReply: false });
  app.setNotFoundHandler((req, reply) => {
    const phonePage = req.method === 'GET' && req.url.startsWith('/m/') && !req.url.startsWith('/m/assets/');
    if (phonePage && existsSync(join(phone, 'index.html'))) return reply.type('text/html; charset=utf-8').sendFile('index.html', phone);
    if (phonePage) return reply.type('text/plain; charset=utf-8').send('掌上办页面尚未构建：请运行 npm run build:citizen');
    const page = req.method === 'GET' && req.url.startsWith('/console/') && !req.url.startsWith('/console/assets/');
    if (page && existsSync(join(dist, 'index.html'))) return reply.sendFile('index.html');
    if (page) return reply.type('text/plain; charset=utf-8').send('控制台尚未构建：请运行 npm run build:web');
    return sendProblem(Object.assign(new Error('not found'), { statusCode: 404 }), req, reply);
  });
}
