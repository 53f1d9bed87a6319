// Runs PGlite in a worker thread and serves it over the PostgreSQL wire protocol on a
// Unix socket, so the app reaches PGlite through the same `pg` driver as PostgreSQL and a
// slow query never blocks the API's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, socketPath, loadDataDirFrom } = workerData;
let loadDataDir;
if (loadDataDirFrom) {
  const { readFile } = await import('node:fs/promises');
  loadDataDir = new Blob([await readFile(loadDataDirFrom)]);
}
const db = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
// The app's pool holds one client at a time, but node-postgres replaces a client after any failed
// query, and the closing socket may still count while its successor connects.
const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 8 });
await server.start();
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', async (msg) => {
  if (msg.type === 'dump') {
    try {
      const blob = await db.dumpDataDir('gzip');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(msg.file, Buffer.from(await blob.arrayBuffer()));
      parentPort.postMessage({ type: 'dumped', file: msg.file });
    } catch (err) {
      parentPort.postMessage({ type: 'error', message: String(err?.stack ?? err) });
    }
  } else if (msg.type === 'close') {
    await server.stop();
    await db.close();
    parentPort.postMessage({ type: 'closed' });
  }
});
