import type { ModerationService } from '../../moderation/service.js';
import type { QaService } from '../service.js';

/** What Q&A's Discord glue uses: its own service and who moderates (commands that use it declare both in `uses`). */
export interface QaContext {
  readonly qa: QaService;
  readonly moderation: ModerationService;
}
