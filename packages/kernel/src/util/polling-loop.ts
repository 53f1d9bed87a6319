export interface PollingLoop {
  /** Runs a round now (e.g. right after a commit that created work); never two at once. */
  wake(): void;
  /** Stops after the round in progress; resolves when it has finished. */
  stop(): Promise<void>;
}

/**
 * Calls `round` now, then `intervalMs` after each round ends, until stopped. A wake() during a
 * round schedules one more round right after it. `round` gets `isStopped` to end early.
 */
export function startPollingLoop(round: (isStopped: () => boolean) => Promise<void>, intervalMs: number, onError: (e: unknown) => void): PollingLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const isStopped = () => stopped;

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    if (running) { again = true; return; }
    running = round(isStopped).catch(onError).finally(() => {
      running = undefined;
      if (stopped) return;
      if (again) { again = false; tick(); }
      else timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, 0);
  return {
    wake() {
      if (stopped) return;
      if (timer) { clearTimeout(timer); tick(); }
      else again = true;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
