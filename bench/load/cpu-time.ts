import { readFileSync } from 'node:fs';

/** USER_HZ: Linux reports CPU time in ticks of 10 ms. */
const MS_PER_CLOCK_TICK = 10;

/** CPU time (user + system) a process has used so far, ms; null where /proc is not available. */
export function cpuTimeMs(pid: number): number | null {
  try {
    // Fields after "(comm) ": state is the 1st, utime the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * MS_PER_CLOCK_TICK : null;
  } catch {
    return null;
  }
}
