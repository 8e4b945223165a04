export interface RateRun<T> {
  readonly outcomes: T[];
  /** Start of sending → last outcome. */
  readonly wallMs: number;
  /** Start of sending → last request sent. */
  readonly sendMs: number;
  /** The most any request left after its scheduled time. */
  readonly maxSendLagMs: number;
}

/**
 * Open-loop load: request i leaves at start + i / rate whatever happened to the earlier ones, so a
 * slow answer cannot slow the arrivals down (the mistake that hides queueing in closed-loop tests).
 */
export async function runAtFixedRate<T>(rate: number, durationMs: number, send: (index: number) => Promise<T>): Promise<RateRun<T>> {
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const pending: Promise<T>[] = [];
  const started = performance.now();
  let maxSendLagMs = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsed = performance.now() - started;
      const due = Math.min(total, Math.floor((elapsed * rate) / 1000) + 1);
      if (pending.length < due) maxSendLagMs = Math.max(maxSendLagMs, elapsed - (pending.length * 1000) / rate);
      while (pending.length < due) pending.push(send(pending.length));
      if (pending.length >= total) resolve();
      else setTimeout(tick, Math.max(0, ((pending.length * 1000) / rate) - (performance.now() - started)));
    };
    tick();
  });
  const sendMs = performance.now() - started;
  const outcomes = await Promise.all(pending);
  return { outcomes, wallMs: performance.now() - started, sendMs, maxSendLagMs: Math.round(maxSendLagMs * 100) / 100 };
}
