import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { PROJECT_ROOT } from '../../src/core/paths.js';

/** Parsed JSON lines kept per child (pino logs at info level stay far below this). */
const KEEP_LINES = 20_000;

export interface SpawnOptions {
  /** A short name for errors: `emulator`, `bot`, `load driver`… */
  readonly name: string;
  /** Script path relative to the repository root: `.ts` sources run through tsx, built `.js` on plain node. */
  readonly script: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[];
}

/** A child process whose stdout speaks JSON lines (one result, or pino logs). */
export interface NodeChild {
  readonly name: string;
  readonly pid: number;
  /** When the child was spawned (`performance.now()` of this process). */
  readonly spawnedAt: number;
  readonly exited: Promise<number | null>;
  /** The first JSON line (already seen or still to come) that the schema accepts and `match` approves. */
  waitForJson<T>(schema: z.ZodType<T>, match?: (value: T) => boolean, timeoutMs?: number): Promise<{ value: T; at: number }>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  stderrTail(): string;
}

const live = new Set<ChildProcess>();

/** Kills every child still running (the runner calls it on SIGINT and on failure). */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

interface Line {
  readonly json: unknown;
  readonly at: number;
}

export function spawnNode(options: SpawnOptions): NodeChild {
  const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...loader, options.script, ...(options.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spawnedAt = performance.now();
  if (child.pid === undefined) throw new Error(`could not start the ${options.name}`);
  live.add(child);
  const lines: Line[] = [];
  const listeners = new Set<(line: Line) => void>();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    if (!text.startsWith('{')) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const line = { json, at: performance.now() };
    lines.push(line);
    if (lines.length > KEEP_LINES) lines.splice(0, lines.length - KEEP_LINES);
    for (const listener of listeners) listener(line);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
  });
  const describe = (): string => {
    const lastLines = lines.slice(-3).map((line) => JSON.stringify(line.json).slice(0, 500));
    const output = [...lastLines, stderr.slice(-1_500)].filter(Boolean).join('\n');
    return `${options.name} (pid ${child.pid})${output ? `; its output ends with:\n${output}` : ''}`;
  };

  function waitForJson<T>(schema: z.ZodType<T>, match: (value: T) => boolean = () => true, timeoutMs = 60_000): Promise<{ value: T; at: number }> {
    const accept = (line: Line): { value: T; at: number } | undefined => {
      const parsed = schema.safeParse(line.json);
      return parsed.success && match(parsed.data) ? { value: parsed.data, at: line.at } : undefined;
    };
    for (const line of lines) {
      const found = accept(line);
      if (found) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      const listener = (line: Line): void => {
        const found = accept(line);
        if (!found) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for output of the ${describe()}`));
      }, timeoutMs);
      listeners.add(listener);
      void exited.then((code) => {
        if (!listeners.has(listener)) return;
        done();
        reject(new Error(`the ${describe()} exited with code ${code} before printing what the benchmark waits for`));
      });
    });
  }

  return {
    name: options.name,
    pid: child.pid,
    spawnedAt,
    exited,
    waitForJson,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    stderrTail: () => stderr,
  };
}
