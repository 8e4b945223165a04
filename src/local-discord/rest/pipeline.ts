import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Core } from '../core.js';
import { DiscordError, Errors } from '../errors.js';
import { BLOCKED_BODY, isInvalidResponse } from '../invalid-requests.js';
import { archiveIdleThreads } from '../services/thread-state.js';
import type { RequestLogEntry } from '../stats.js';
import { parseRequestBody } from './body.js';
import { auditResponse, offSpecRefusal } from './spec-gate.js';
import { majorParameter } from './router.js';
import type { Router } from './router.js';
import type { RestRequest, RestResult } from './types.js';

/** The body as the client reads it (a 204 has none). */
const serialize = (result: RestResult): string => (result.status === 204 || result.body === undefined ? '' : JSON.stringify(result.body));

function send(response: ServerResponse, status: number, payload: string, headers: Record<string, string>): void {
  if (response.headersSent) return;
  response.writeHead(status, {
    ...headers,
    ...(payload ? { 'Content-Type': 'application/json' } : {}),
    'Content-Length': Buffer.byteLength(payload).toString(),
  });
  response.end(payload);
}

function errorResult(error: unknown, core: Core): RestResult {
  if (error instanceof DiscordError) return { status: error.status, body: error.toJSON() };
  core.log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
}

/**
 * One REST call, in Discord's order: the edge's ban → route → auth → rate limits (429) → body (checked against
 * Discord's spec) → injected fault → handler, the answer checked against the spec too, with rate-limit headers on
 * every answer and an entry in the request log. Injected 5xx keep them too:
 * the request reached the API and counted, and a client told nothing would assume a fresh bucket.
 */
export async function handleRest(core: Core, router: Router, request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  core.interactions.restBegan();
  try {
    await answerRest(core, router, request, response, path, query);
  } finally {
    core.interactions.restEnded();
  }
}

async function answerRest(core: Core, router: Router, request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const started = Date.now();
  const method = request.method ?? 'GET';
  const match = router.match(method, path);
  let routeKey = `${method} ${path}`;
  let note: RequestLogEntry['note'];
  let headers: Record<string, string> = {};
  let result: RestResult;
  if (core.invalidRequests.blocked(started)) {
    // Banned at the edge: the request never reaches the API, so it is neither routed nor counted.
    request.resume();
    send(response, 429, JSON.stringify(BLOCKED_BODY), {});
    core.stats.request({ at: started, method, route: routeKey, path, status: 429, ms: Date.now() - started, note: 'blocked' }, false);
    return;
  }
  try {
    const extra = core.faults.latency();
    if (extra > 0) await sleep(extra);
    if (match.kind === 'none') throw Errors.notFound();
    if (match.kind === 'wrong-method') throw Errors.methodNotAllowed();
    const { route, params } = match;
    routeKey = match.key;
    if (route.auth !== false && request.headers.authorization !== `Bot ${core.token}`) throw Errors.unauthorized();

    const verdict = core.limiter.check(route.bucketOf ?? routeKey, majorParameter(path), { globalExempt: route.globalExempt === true, routeLimited: route.routeLimited !== false }, Date.now());
    headers = verdict.headers;
    if (verdict.violation) {
      core.stats.data.violations[verdict.violation.kind] += 1;
      note = verdict.violation.kind === 'global' ? 'global-rate-limited' : 'rate-limited';
      request.resume();
      result = { status: 429, body: verdict.violation.body };
    } else {
      const fault = core.faults.decide(routeKey);
      const { body, files } = await parseRequestBody(request);
      const restRequest: RestRequest = { method, path, params, query, headers: request.headers, body, files };
      const refusal = offSpecRefusal(core, route, restRequest);
      if (refusal) {
        note = 'off-spec-request';
        result = refusal;
      } else if (fault.kind === 'server-error' && fault.mode === 'reject') {
        core.stats.data.injected.serverErrors += 1;
        note = 'injected-5xx';
        result = { status: fault.status, body: { message: `${fault.status}: Injected by the local Discord`, code: 0 } };
      } else {
        try {
          // Threads idle past their auto-archive are archived before anyone looks at them.
          archiveIdleThreads(core);
          result = await route.handle(core, restRequest);
        } catch (error) {
          result = errorResult(error, core);
        }
        if (fault.kind === 'server-error') {
          core.stats.data.injected.serverErrors += 1;
          core.stats.data.injected.appliedThenFailed += 1;
          note = 'applied-then-5xx';
          result = { status: fault.status, body: { message: `${fault.status}: Injected by the local Discord`, code: 0 } };
        }
      }
    }
  } catch (error) {
    result = errorResult(error, core);
  }
  let payload = serialize(result);
  const audited = auditResponse(core, routeKey, path, result, payload);
  if (audited !== result) {
    note = 'off-spec-response';
    result = audited;
    payload = serialize(result);
  }
  send(response, result.status, payload, headers);
  const invalid = isInvalidResponse(result.status, headers['X-RateLimit-Scope']);
  core.stats.request({ at: started, method, route: routeKey, path, status: result.status, ms: Date.now() - started, ...(note ? { note } : {}) }, invalid);
  if (invalid && core.invalidRequests.record(Date.now())) {
    core.stats.data.invalidRequestBans += 1;
    core.log(`banned for ${core.config.invalidRequests.banMs} ms: ${core.config.invalidRequests.limit} invalid requests within ${core.config.invalidRequests.windowMs} ms`);
  }
}
