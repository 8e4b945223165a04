import type { Method, RouteDef } from './types.js';

interface Compiled {
  route: RouteDef;
  segments: string[];
}

export type RouteMatch = { kind: 'found'; route: RouteDef; params: Record<string, string>; key: string } | { kind: 'wrong-method' } | { kind: 'none' };

/** Matches `/a/:b/c` patterns; literal segments win over params (so `@me` beats `:userId`). */
export class Router {
  private readonly bySize = new Map<number, Compiled[]>();

  constructor(routes: readonly RouteDef[]) {
    for (const route of routes) {
      const segments = route.pattern.split('/').filter(Boolean);
      const list = this.bySize.get(segments.length) ?? [];
      list.push({ route, segments });
      this.bySize.set(segments.length, list);
    }
    // Literal segments before params so the most specific pattern is tried first.
    for (const list of this.bySize.values()) {
      list.sort((a, b) => specificity(b.segments) - specificity(a.segments));
    }
  }

  match(method: string, path: string): RouteMatch {
    // Decoded before literals are compared too: discord.js sends `@me` as `%40me` in some routes.
    const parts = path.split('/').filter(Boolean).map(decodeSegment);
    const candidates = this.bySize.get(parts.length) ?? [];
    let pathMatched = false;
    for (const { route, segments } of candidates) {
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < segments.length; i += 1) {
        const segment = segments[i] ?? '';
        const part = parts[i] ?? '';
        if (segment.startsWith(':')) params[segment.slice(1)] = part;
        else if (segment !== part) {
          matched = false;
          break;
        }
      }
      if (!matched) continue;
      pathMatched = true;
      if (route.method === (method as Method)) return { kind: 'found', route, params, key: `${route.method} ${route.pattern}` };
    }
    return pathMatched ? { kind: 'wrong-method' } : { kind: 'none' };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function specificity(segments: string[]): number {
  return segments.reduce((score, s, i) => score + (s.startsWith(':') ? 0 : 2 ** (segments.length - i)), 0);
}

/** The major parameter exactly as @discordjs/rest derives it, so our buckets are never coarser than its queues. */
export function majorParameter(path: string): string {
  const match = /(?:^\/webhooks\/(\d{17,19}\/[^/?]+))|(?:^\/(?:channels|guilds|webhooks)\/(\d{17,19}))/.exec(path);
  return match?.[2] ?? match?.[1] ?? 'global';
}
