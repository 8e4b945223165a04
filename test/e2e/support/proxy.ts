import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { PROJECT_ROOT } from '../../../src/core/paths.js';
import { onJsonLines } from './harness.js';

export interface ProxyProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly logs: Record<string, unknown>[];
  /** The proxy's API base, for DISCORD_API_URL. */
  readonly apiUrl: string;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** `npm run proxy` (src/cli.ts proxy) on a free port, relaying to `upstream`; resolves once it listens. */
export async function spawnProxy(upstream: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ProxyProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'proxy'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PROXY_PORT: '0', PROXY_UPSTREAM_API_URL: upstream, LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    // A hang guard, not a speed limit: the log line resolves the wait the moment it is written.
    const timer = setTimeout(() => reject(new Error(`the proxy did not listen within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    onJsonLines(child.stdout, (line) => {
      logs.push(line);
      if (line.msg === 'REST proxy listening') {
        clearTimeout(timer);
        resolve(Number(line.port));
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`the proxy exited (${code}) before listening\n${stderr}`));
    });
  });
  return { child, logs, apiUrl: `http://127.0.0.1:${port}/api`, exited };
}
