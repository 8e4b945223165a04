import type { ModerationService } from '../../moderation/service.js';
import type { QaService } from '../service.js';

/** What Q&A's Discord glue uses of the app: its own service and who moderates. Never the whole AppContext. */
export interface QaContext {
  readonly qa: QaService;
  readonly moderation: ModerationService;
}
