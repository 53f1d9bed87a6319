import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { Scheduler, purgeExpiredSessions, recoverInterruptedJobs, startDispatcher, startJobWorker, verifyAuditChain } from '#kernel';
import { scheduleDueReviews } from '#assistance';
import { runMonthlyElderly } from '#elderly';
import { purgeCitizenSessions } from '#citizen';
import { monthlyRun, scanWatchedFolder } from '#verification';
import { CITY_CODE, type Platform } from './platform';

/**
 * The work a running server does besides answering requests: delivering domain events, running
 * queued jobs, and the scheduled housekeeping. Returns a stop function for a clean shutdown.
 */
export async function startBackground(platform: Platform, log: FastifyBaseLogger): Promise<() => Promise<void>> {
  const { db } = platform;
  const recovered = await recoverInterruptedJobs(db.orm);
  if (recovered) log.warn({ recovered }, 'jobs interrupted by the last shutdown were marked failed');
  const dispatcher = startDispatcher(db, { onError: (err) => log.error({ err }, 'event dispatcher') });
  const worker = startJobWorker(db, { onError: (err) => log.error({ err }, 'job worker') });
  const scheduler = new Scheduler({ db, onError: (name, err) => log.error({ err, task: name }, 'scheduled task failed') })
    .schedule('sessions.purge', { everyMs: 3600_000 }, async () => {
      const n = await purgeExpiredSessions(db.orm);
      log.info({ purged: n }, 'expired sessions purged');
    })
    .schedule('citizen.sessions.purge', { everyMs: 3600_000 }, async () => {
      const n = await purgeCitizenSessions(db.orm);
      log.info({ purged: n }, 'expired citizen sessions and codes purged');
    })
    .schedule('assistance.reviews', { dailyAt: '01:00' }, async () => {
      const r = await scheduleDueReviews(db, platform.registry.today());
      log.info({ checked: r.checked, opened: r.opened.length }, 'due dibao reviews opened');
      return r;
    })
    .schedule('verification.monthly', { dailyAt: '03:00' }, async () => {
      // batch re-verification of every recipient and a city monitoring scan, on the parameter's day
      const r = await monthlyRun(db, CITY_CODE, platform.registry.today());
      if (r) log.info(r, 'monthly verification batch started');
      return r;
    })
    .schedule('verification.watch', { everyMs: 5 * 60_000 }, async () => {
      const r = await scanWatchedFolder(db, join(platform.config.dataDir, 'verification', 'inbox'));
      if (r.length) log.info({ files: r }, 'department files loaded from the watched folder');
      return r;
    })
    .schedule('elderly.monthly', { dailyAt: '04:00' }, async () => runMonthlyElderly(db, platform.registry.today()))
    .schedule('audit.verify', { dailyAt: '02:30' }, async () => {
      const r = await verifyAuditChain(db);
      if (r.ok) log.info({ checked: r.checked }, 'audit chain verified');
      else log.error(r, 'AUDIT CHAIN BROKEN');
      return r;
    });
  scheduler.start();
  return async () => {
    await scheduler.stop();
    await worker.stop();
    await dispatcher.stop();
  };
}
