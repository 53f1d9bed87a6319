/** A one-line progress bar on stderr for long CLI work (seeding, imports, verification). */
export function progressBar(label: string) {
  const started = Date.now();
  let last = 0;
  const tty = process.stderr.isTTY;
  return {
    update(done: number, total: number) {
      const now = Date.now();
      if (now - last < (tty ? 100 : 2000) && done < total) return;
      last = now;
      const pct = total ? Math.min(1, done / total) : 0;
      const bar = '█'.repeat(Math.round(pct * 30)).padEnd(30, '░');
      const line = `${label} ${bar} ${(pct * 100).toFixed(0).padStart(3)}%  ${done.toLocaleString()}/${total.toLocaleString()}  ${((now - started) / 1000).toFixed(1)}s`;
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    },
    done(message?: string) {
      if (tty) process.stderr.write('\n');
      if (message) process.stderr.write(`${message}\n`);
    },
  };
}
