import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { proxyRequests } from '@discordjs/proxy';
// The ESM build, as @discordjs/proxy's: its error responses are chosen by instanceof against these classes.
import { DefaultRestOptions, RateLimitError, REST, type RESTOptions } from '@discordjs/rest';
import type { ProxyConfig } from '../config/index.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createPacer } from '../core/pacer.js';
import { CarriedWork } from '../core/settle.js';
import { guardRestTransport, RestGuardError } from './rest-guard.js';
import { POSTER_SHARE_OF_GLOBAL_LIMIT } from './rest-poster.js';

/** How long a stopping proxy lets requests already relayed finish. */
const DRAIN_TIMEOUT_MS = 10_000;

/** Interaction callbacks and webhooks (interaction follow-ups): Discord does not count them in the global limit. */
const OUTSIDE_GLOBAL_LIMIT = /\/(?:interactions\/\d+\/[^/?]+\/callback|webhooks\/\d+\/[^/?]+)(?:[/?]|$)/;

export interface RunningProxy {
  /** The proxy's API base for DISCORD_API_URL, e.g. http://127.0.0.1:8080/api. */
  readonly apiUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

type MakeRequest = RESTOptions['makeRequest'];

/**
 * Requests counted in the global limit leave evenly spaced at the poster's share of it. @discordjs/rest counts
 * the limit in 1 s windows and releases a whole window at once; Discord's windows start when requests arrive,
 * so bursts at a window boundary drift into 429s (rest-poster.ts says more). Every host's requests meet here.
 */
function pacedTransport(makeRequest: MakeRequest, globalPerSecond: number): MakeRequest {
  const pace = createPacer(globalPerSecond * POSTER_SHARE_OF_GLOBAL_LIMIT);
  return async (url, init) => {
    if (!OUTSIDE_GLOBAL_LIMIT.test(new URL(url).pathname)) await pace();
    return makeRequest(url, init);
  };
}

/**
 * One REST rate-limit proxy for every bot host (@discordjs/proxy over one @discordjs/rest client): the bot's
 * global limit and each route's bucket are kept here, for all hosts together, instead of by each process for
 * its share. Hosts point DISCORD_API_URL at `apiUrl` and set DISCORD_REST_PROXY=true.
 *
 * It relays, never retries: a 5xx goes back to the host that asked, whose client decides (a forum post, which
 * takes no nonce, is sent by a client that never resends). A request whose host gave up waiting is dropped
 * before it is sent. Tokens pass through as each host sent them; a ban (a 429 without scope) is answered to
 * every host as it is, so each host's own guard (rest-guard.ts) stays off the API too.
 */
export async function startRestProxy({ config, logger }: { config: ProxyConfig; logger: Logger }): Promise<RunningProxy> {
  const log = logger.child({ process: 'rest-proxy' });
  const transport = guardRestTransport(DefaultRestOptions.makeRequest, { logger: log, relaysTokens: true });
  const rest = new REST({
    api: config.upstreamApiUrl,
    retries: 0,
    globalRequestsPerSecond: config.globalRequestsPerSecond,
    makeRequest: pacedTransport(transport, config.globalRequestsPerSecond),
  });
  rest.on('rateLimited', (info) => log.debug({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'rate limited'));

  const inFlight = new CarriedWork();
  let stopping = false;

  const relay = async (request: IncomingMessage, response: ServerResponse) => {
    // The host hung up (its own timeout): a request still queued here is not sent after all.
    const hungUp = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) hungUp.abort();
    });
    const upstream = Object.create(rest, {
      queueRequest: {
        value: async (options: Parameters<REST['queueRequest']>[0]) => {
          try {
            // Read in full first: @discordjs/proxy hands over the request stream, which a resend after a 429 would find empty.
            const body = options.body instanceof Readable ? await buffer(options.body) : options.body;
            return await rest.queueRequest({ ...options, body, signal: hungUp.signal });
          } catch (error) {
            if (error instanceof RestGuardError && error.reason === 'blocked') throw banned(error, options.fullRoute, options.method);
            throw error;
          }
        },
      },
    }) as REST;
    // What the host reads if the upstream fails in a way the proxy has no answer for (connection refused…).
    response.statusCode = 502;
    try {
      await proxyRequests(upstream)(request, response);
    } catch (error) {
      if (!hungUp.signal.aborted) log.warn({ err: error, method: request.method, url: request.url }, 'upstream request failed');
    }
  };

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://proxy').pathname;
    if (path === '/healthz') {
      response.writeHead(stopping ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: !stopping, inFlight: inFlight.size }));
      return;
    }
    if (stopping) {
      response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'the REST proxy is stopping', code: 0 }));
      return;
    }
    void inFlight.carry(relay(request, response));
  });
  // Hosts keep connections open between requests; an idle one must not hold the proxy up at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const apiUrl = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/api`;
  log.info({ port, host: config.host, upstream: config.upstreamApiUrl, globalRequestsPerSecond: config.globalRequestsPerSecond }, 'REST proxy listening');

  let stopped: Promise<void> | undefined;
  return {
    apiUrl,
    port,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        log.info({ inFlight: inFlight.size }, 'REST proxy stopping');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const drained = await inFlight.drain(DRAIN_TIMEOUT_MS);
        if (!drained) log.warn({ inFlight: inFlight.size }, 'stopped waiting for relayed requests');
        server.closeAllConnections();
        await closed;
        rest.clearHashSweeper();
        rest.clearHandlerSweeper();
        log.info('REST proxy stopped');
      })()),
  };
}

/** A ban, told to the host the way Discord's edge tells it: 429 with Retry-After and no rate-limit scope. */
function banned(error: RestGuardError, route: string, method: string): RateLimitError {
  const timeToReset = Math.max(1_000, (error.until ?? Date.now()) - Date.now());
  return new RateLimitError({
    timeToReset,
    retryAfter: timeToReset,
    limit: 0,
    method,
    hash: 'ban',
    url: route,
    route,
    majorParameter: 'global',
    global: true,
    sublimitTimeout: 0,
    scope: 'shared',
  });
}

/** `npm run proxy`: runs until SIGTERM or SIGINT, then lets relayed requests finish and exits 0. */
export async function runRestProxyCli(config: ProxyConfig): Promise<number> {
  const logger = createLogger(config.logLevel);
  const proxy = await startRestProxy({ config, logger });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  logger.info({ signal }, 'signal received');
  await proxy.stop();
  return 0;
}
