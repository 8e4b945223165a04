import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from './core.js';
import { handleRest } from './rest/pipeline.js';
import { createRouter } from './rest/routes.js';

export type ControlHandler = (request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams) => Promise<void>;

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ message: '404: Not Found', code: 0 }));
}

/** Serves attachment bytes at the `url` given in attachment objects. */
function serveAttachment(core: Core, path: string, response: ServerResponse): void {
  const id = path.split('/')[3];
  const attachment = id ? core.state.attachments.get(id) : undefined;
  if (!attachment) return notFound(response);
  response.writeHead(200, { 'Content-Type': attachment.contentType, 'Content-Length': String(attachment.size) });
  response.end(attachment.data);
}

/** One port for everything: REST under /api/v10, the gateway (WebSocket upgrade on /gateway), attachments and /_local. */
export async function listen(core: Core, control: ControlHandler): Promise<Server> {
  const router = createRouter();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const path = url.pathname;
    const done = (promise: Promise<void>): void => {
      promise.catch((error: unknown) => {
        core.log(`request failed: ${String(error)}`);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    };
    if (path.startsWith('/api/v10/')) done(handleRest(core, router, request, response, path.slice('/api/v10'.length), url.searchParams));
    else if (path.startsWith('/attachments/')) serveAttachment(core, path, response);
    else if (path.startsWith('/_local/')) done(control(request, response, path, url.searchParams));
    else notFound(response);
  });
  server.keepAliveTimeout = 30_000;
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname.replace(/\/$/, '');
    if (path === '/gateway' || path === '/gateway/resume') core.gateway.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(core.config.port, core.config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  core.httpUrl = `http://${core.config.host}:${port}`;
  core.gateway.url = `ws://${core.config.host}:${port}/gateway`;
  return server;
}

export async function shutdown(core: Core, server: Server): Promise<void> {
  await core.gateway.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
