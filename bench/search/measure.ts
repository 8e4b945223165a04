import { summarize, type Summary } from '../support/percentiles.js';

export interface Timed {
  /** µs per call. */
  readonly us: Summary;
  readonly queries: number;
}

const elapsedUs = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1_000;

/**
 * Times `measured` and `floor` on the same queries, alternating call by call so a busy neighbour
 * slows both alike; one untimed pass first warms the JIT and SQLite's page cache.
 */
export function timeAlternately(queries: readonly string[], calls: number, measured: (query: string) => unknown, floor: (query: string) => unknown): { measured: Timed; floor: Timed } {
  for (const query of queries) {
    measured(query);
    floor(query);
  }
  const measuredUs: number[] = [];
  const floorUs: number[] = [];
  for (let call = 0; call < calls; call += 1) {
    const query = queries[call % queries.length] as string;
    let started = process.hrtime.bigint();
    measured(query);
    measuredUs.push(elapsedUs(started));
    started = process.hrtime.bigint();
    floor(query);
    floorUs.push(elapsedUs(started));
  }
  const timed = (samples: number[]): Timed => ({ us: summarize(samples) as Summary, queries: samples.length });
  return { measured: timed(measuredUs), floor: timed(floorUs) };
}
