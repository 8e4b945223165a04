import type { Core } from '../core.js';
import { DiscordError, ErrorCode, FormErrors } from '../errors.js';
import { describeViolation } from '../spec/contract.js';
import type { FieldIssue } from '../validation/zod-issues.js';
import type { RestRequest, RestResult, RouteDef } from './types.js';

/**
 * Refuse a request whose body is off Discord's OpenAPI spec before the handler runs: 400 50035 with field
 * errors as Discord words them, and the operation, the field paths and what the spec expects in the message
 * (discord.js puts it first in the DiscordAPIError).
 */
export function offSpecRefusal(core: Core, route: RouteDef, request: RestRequest): RestResult | null {
  if (!core.spec) return null;
  core.stats.data.spec.requestsChecked += 1;
  const violation = core.spec.checkRequest(`${route.method} ${route.pattern}`, request.path, request.body);
  if (!violation) return null;
  const line = describeViolation(violation);
  core.stats.specViolation('request', line);
  core.log(`refused a request off Discord's API spec: ${line}`);
  const message = `Invalid Form Body (Discord's API spec: ${line})`;
  const ruled = routeRulesError(route, request);
  const error = ruled ? new DiscordError(ruled.status, ruled.code, message, ruled.errors) : specError(violation.issues, message);
  return { status: error.status, body: error.toJSON() };
}

/** Where the route's own rules refuse the body too, their error carries Discord's exact codes and wording. */
function routeRulesError(route: RouteDef, request: RestRequest): DiscordError | null {
  try {
    route.rules?.(request);
    return null;
  } catch (error) {
    return error instanceof DiscordError && error.code === ErrorCode.InvalidFormBody ? error : null;
  }
}

function specError(issues: readonly FieldIssue[], message: string): DiscordError {
  const errors = new FormErrors();
  for (const issue of issues) errors.add(issue.path, issue.code, issue.message);
  return errors.toError(message);
}

/**
 * Check what the emulator is about to answer (as the client will read it: JSON) against the spec. An answer
 * off the spec is the emulator's bug: it becomes a 500 naming the field, is logged and counted in stats().spec.
 * Server errors are not described by the spec and pass as they are.
 */
export function auditResponse(core: Core, routeKey: string, path: string, result: RestResult, json: string): RestResult {
  if (!core.spec || result.status >= 500) return result;
  core.stats.data.spec.responsesChecked += 1;
  const violation = core.spec.checkResponse(routeKey, path, result.status, json ? (JSON.parse(json) as unknown) : undefined);
  if (!violation) return result;
  const line = describeViolation(violation);
  core.stats.specViolation('response', line);
  core.log(`answered off Discord's API spec (an emulator bug): ${line}`);
  return { status: 500, body: { message: `500: the local Discord's answer is off Discord's API spec (an emulator bug): ${line}`, code: 0 } };
}
