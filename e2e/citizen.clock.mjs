// Preloaded into the server of e2e/citizen.e2e.ts (NODE_OPTIONS=--import): lets the journey move the
// server's clock forward, e.g. past a seven-day public notice, by writing a number of milliseconds to
// the file named in MZ_E2E_CLOCK_FILE. Test-only; never loaded by `npm start`.
import { readFileSync } from 'node:fs';

const file = process.env.MZ_E2E_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  let offset = 0;
  const read = () => { try { offset = Number(readFileSync(file, 'utf8')) || 0; } catch { offset = 0; } };
  read();
  setInterval(read, 100).unref();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() { return RealDate.now() + offset; }
  }
  globalThis.Date = ShiftedDate;
}
