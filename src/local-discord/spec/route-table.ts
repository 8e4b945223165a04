import type { RouteDef } from '../rest/types.js';
import { SPEC_OPERATIONS } from './operations.generated.js';

/** `/channels/{channel_id}` → ['channels', '{channel_id}']. */
const segmentsOf = (path: string): string[] => path.split('/').filter(Boolean);
const isSpecParam = (segment: string): boolean => segment.startsWith('{');

/**
 * The spec operations an emulator route can answer, e.g. both `…/messages/@original` and `…/messages/{message_id}`:
 * our `:param` stands for the spec's `{param}` or for one of Discord's stand-in ids (`@me`, `@original`).
 */
function candidatesFor(route: Pick<RouteDef, 'method' | 'pattern'>): string[] {
  const ours = segmentsOf(route.pattern);
  const found: string[] = [];
  for (const key of Object.keys(SPEC_OPERATIONS)) {
    const [method, path = ''] = key.split(' ');
    if (method !== route.method) continue;
    const theirs = segmentsOf(path);
    if (theirs.length !== ours.length) continue;
    const same = ours.every((segment, i) => {
      const spec = theirs[i] ?? '';
      return segment.startsWith(':') ? isSpecParam(spec) || spec.startsWith('@') : spec === segment;
    });
    if (same) found.push(key);
  }
  return found;
}

/** Of a route's spec operations, the one a concrete path takes: literal segments first (`@original` before `{message_id}`). */
export function pickOperation(candidates: readonly string[], path: string): string | undefined {
  const parts = segmentsOf(path);
  let best: string | undefined;
  let bestLiterals = -1;
  for (const key of candidates) {
    const theirs = segmentsOf(key.slice(key.indexOf(' ') + 1));
    let literals = 0;
    const fits = theirs.every((segment, i) => {
      if (isSpecParam(segment)) return true;
      literals += 1;
      return segment === decodeURIComponent(parts[i] ?? '');
    });
    if (fits && literals > bestLiterals) {
      best = key;
      bestLiterals = literals;
    }
  }
  return best;
}

const literalCount = (pattern: string): number => segmentsOf(pattern).filter((segment) => !segment.startsWith(':')).length;

/** Per emulator route, its spec operations; an operation a more specific route serves (`GET /users/@me`) is that route's alone. */
export function specOperationsByRoute(routes: readonly Pick<RouteDef, 'method' | 'pattern'>[]): Map<string, string[]> {
  const candidates = routes.map((route) => ({ key: `${route.method} ${route.pattern}`, literals: literalCount(route.pattern), operations: candidatesFor(route) }));
  const result = new Map<string, string[]>();
  for (const route of candidates) {
    const taken = (operation: string) => candidates.some((other) => other.literals > route.literals && other.operations.includes(operation));
    result.set(route.key, route.operations.filter((operation) => !taken(operation)));
  }
  return result;
}

export interface SpecRouteEntry {
  /** The emulator's route, e.g. `POST /channels/:channelId/messages`. */
  route: string;
  /** The spec operations it answers (none: the spec does not describe the route). */
  operations: string[];
}

/** Method + our route pattern → the spec operations whose request and response schemas apply. */
export function specRouteTable(routes: readonly RouteDef[]): SpecRouteEntry[] {
  return [...specOperationsByRoute(routes)].map(([route, operations]) => ({ route, operations }));
}
