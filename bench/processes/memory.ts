import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now, MB. */
  readonly rssMb: number;
  /** Peak resident set size since start, MB (Linux only; otherwise the current RSS). */
  readonly peakRssMb: number;
}

const mb = (kb: number): number => Math.round((kb / 1024) * 10) / 10;

/** RSS of another process: /proc on Linux, `ps` elsewhere. */
export function processMemory(pid: number): ProcessMemory {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    const rss = field('VmRSS');
    const peak = field('VmHWM');
    if (Number.isFinite(rss)) return { rssMb: mb(rss), peakRssMb: mb(Number.isFinite(peak) ? peak : rss) };
  } catch {
    // Not Linux: fall through to ps.
  }
  const rss = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
  return { rssMb: mb(rss), peakRssMb: mb(rss) };
}
