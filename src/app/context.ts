import type { AnnouncementService } from '../announcements/service.js';
import type { Config } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Poster } from '../core/poster.js';
import type { CommandRegistry } from '../discord/registry.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { ModerationService } from '../moderation/service.js';
import type { QaService } from '../qa/service.js';
import type { TipService } from '../tips/service.js';

/** Everything a command handler may use; built once at start-up by createApp. */
export interface AppContext {
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
}
