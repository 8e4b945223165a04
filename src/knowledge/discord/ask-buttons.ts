import { encodeCustomId } from '../../discord/custom-id.js';
import type { KnowledgeButtonIds } from '../render/messages.js';

/**
 * The buttons under a knowledge-base answer, handled by /ask's module wherever the answer is shown
 * (an /ask reply, or Answer from the knowledge base): the logged question rides along, so a "Not
 * helpful" reaches /kb review with its wording.
 */
export function askButtonIds(questionId: number, entryId: string | undefined): KnowledgeButtonIds & { didYouMean: (entryId: string) => string } {
  return {
    helpful: encodeCustomId('ask', 'helpful', entryId ?? '-', questionId),
    unhelpful: encodeCustomId('ask', 'unhelpful', entryId ?? '-', questionId),
    more: encodeCustomId('ask', 'more', questionId, entryId ?? '-'),
    community: encodeCustomId('ask', 'community', questionId),
    open: (id) => encodeCustomId('ask', 'open', id),
    didYouMean: (id) => encodeCustomId('ask', 'didyoumean', id, questionId),
  };
}
