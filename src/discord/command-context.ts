import type { AnnouncementService } from '../announcements/service.js';
import type { Config } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Poster } from '../core/poster.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { ModerationService } from '../moderation/service.js';
import type { QaService } from '../qa/service.js';
import type { TipService } from '../tips/service.js';
import type { WebService } from '../web/service.js';
import type { CommandRegistry } from './registry.js';

/**
 * Everything the router can hand to commands. A command declares the keys it uses (`uses`) and its
 * handlers and preconditions receive only those (`ContextOf`), so what a command touches is read at
 * its top. src/app builds one at start-up; nothing here imports src/app.
 */
export interface CommandContext {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly poster: Poster;
  readonly registry: CommandRegistry;
  readonly knowledge: KnowledgeService;
  readonly moderation: ModerationService;
  readonly tips: TipService;
  readonly announcements: AnnouncementService;
  readonly qa: QaService;
  readonly web: WebService;
}

export type ContextKey = keyof CommandContext;

/** The part of the context a command declared. */
export type ContextOf<K extends ContextKey> = Pick<CommandContext, K>;

/** A copy holding only the declared keys: a handler cannot reach what its command did not declare, even untyped. */
export function narrowContext<K extends ContextKey>(context: CommandContext, uses: readonly K[]): ContextOf<K> {
  const narrow: Partial<Record<ContextKey, unknown>> = {};
  for (const key of uses) narrow[key] = context[key];
  return Object.freeze(narrow) as ContextOf<K>;
}
