import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthStatus {
  readonly ok: boolean;
  readonly [detail: string]: unknown;
}

interface HealthServerOptions {
  readonly port: number;
  readonly host?: string;
  /** Async for a sharding manager, which asks its shard processes. */
  readonly health: () => HealthStatus | Promise<HealthStatus>;
  /** Extra routes (e.g. /metrics), answering with a content type and body. */
  readonly routes?: Readonly<Record<string, () => Promise<{ contentType: string; body: string }>>>;
}

/** GET /healthz answers 200 when the bot is healthy, 503 otherwise, with the status as JSON. */
export async function startHealthServer({ port, host = '0.0.0.0', health, routes = {} }: HealthServerOptions): Promise<Server & { port: number }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET') {
      response.writeHead(405).end();
      return;
    }
    if (path === '/healthz') {
      Promise.resolve()
        .then(health)
        .then(
          (status) => response.writeHead(status.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(status)),
          () => response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false })),
        );
      return;
    }
    const route = routes[path];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    route().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
}
