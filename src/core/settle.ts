/** The promise's value if it settles within `ms`, else undefined (it keeps running); a rejection propagates. */
export async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for every promise to settle, at most `ms`; true when all did (the rest keep running). */
async function allSettledWithin(promises: Iterable<Promise<unknown>>, ms: number): Promise<boolean> {
  const finished = Promise.allSettled([...promises]).then(() => true as const);
  return (await settledWithin(finished, ms)) ?? false;
}

/**
 * Work still running that a graceful stop waits for, at most a timeout: interactions in flight, the
 * work they carry on after replying (so a stop never leaves a post on Discord unrecorded), requests
 * the REST proxy is relaying.
 */
export class CarriedWork {
  readonly #running = new Set<Promise<unknown>>();

  carry<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => this.#running.delete(tracked));
    this.#running.add(tracked);
    return tracked;
  }

  get size(): number {
    return this.#running.size;
  }

  /** At most `timeoutMs`; true when everything carried has finished. */
  drain(timeoutMs: number): Promise<boolean> {
    return allSettledWithin(this.#running, timeoutMs);
  }
}
