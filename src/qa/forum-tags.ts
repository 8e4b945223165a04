import { MINUTE_MS } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { DeliveryError, THREAD_LOCKED, type Poster } from '../core/poster.js';
import { BOT_ACTOR, type AuditStore } from './audit-store.js';
import type { ForumStore, PostTagState } from './forum-store.js';
import type { QuestionStore } from './question-store.js';
import type { SettingsStore } from './settings-store.js';
import type { QaTiming } from './timing.js';
import type { Run, Transaction } from './transaction.js';
import type { Question } from './types.js';

/** Switches of one post in a row before what is left waits for the question's next change or the job. */
const SWITCH_ROUNDS = 3;

/** Discord's limit of tags on one forum post. */
const MAX_APPLIED_TAGS = 5;

/** applied: Discord shows the wanted tags now; pending: refused, the background job retries; skipped: nothing to do here. */
type TagOutcome = 'in-line' | 'applied' | 'pending' | 'skipped';

/** Why a tag change waits, as stored with the post (the prefix is what a reply explains). */
export type TagProblem = 'tag-deleted' | 'forbidden' | 'transient' | 'invalid';

interface ForumTagsDeps {
  readonly forums: ForumStore;
  readonly questions: Pick<QuestionStore, 'byId'>;
  readonly settings: SettingsStore;
  readonly audit: AuditStore;
  readonly poster: Poster;
  readonly logger: Logger;
  readonly timing: QaTiming;
  readonly transaction: Transaction;
  readonly run: Run;
}

/** The two tags of the server's Q&A forum, when the workflow is on for the forum `question` is in. */
interface SolvedTags {
  readonly unanswered: string;
  readonly answered: string;
}

/**
 * Brings a forum post's tags in line with its question (the truth): Unanswered until an answer is
 * accepted, then Answered; the post's other tags are kept. Runs after the question's card is brought
 * in line (delivery) and from the background job for posts Discord refused earlier.
 */
export function createForumTags({ forums, questions, settings, audit, poster, logger, timing, transaction, run }: ForumTagsDeps) {
  const tagsFor = async (question: Question): Promise<SolvedTags | null> => {
    const server = await run(() => settings.get(question.guildId));
    const forum = await run(() => forums.settings(question.guildId));
    if (server.channelId !== question.channelId || !server.forumTagId) return null;
    if (!forum?.answeredTagId || forum.forumId !== question.channelId) return null;
    return { unanswered: server.forumTagId, answered: forum.answeredTagId };
  };

  const wanted = (question: Question): PostTagState => (question.acceptedAnswerId !== null ? 'answered' : 'unanswered');

  const retryAt = (attempts: number, problem: TagProblem): string => {
    // An outage: 1, 2, 4 … 30 minutes. What a moderator must fix: hourly (setup re-arms at once).
    const minutes = problem === 'transient' ? Math.min(2 ** attempts, 30) : problem === 'invalid' ? 24 * 60 : 60;
    return new Date(timing.clock.now().getTime() + minutes * MINUTE_MS).toISOString();
  };

  const failed = async (question: Question, attempts: number, problem: TagProblem, message: string, code?: number): Promise<TagOutcome> => {
    const at = retryAt(attempts, problem);
    await transaction(function* () {
      yield* forums.failed(question.id, `${problem}: ${message}`, at);
      // What only a moderator can fix goes in the moderation log, once per run of failures.
      if (attempts === 0 && (problem === 'tag-deleted' || problem === 'forbidden')) {
        const reason = problem === 'tag-deleted' ? 'forum tag deleted: /qa setup' : code === THREAD_LOCKED ? 'post locked; needs Manage Threads' : 'forum tags refused; check permissions';
        yield* audit.record({ guildId: question.guildId, actorId: BOT_ACTOR, action: 'not-updated-on-discord', questionId: question.id, details: { reason }, at: timing.now() });
      }
    });
    logger.warn({ guildId: question.guildId, questionId: question.id, problem, code, retryAt: at }, 'Q&A forum post tags not switched yet; will retry');
    return 'pending';
  };

  async function apply(question: Question, threadId: string, tags: SolvedTags, state: PostTagState, attempts: number): Promise<TagOutcome> {
    try {
      const now = await poster.forumPost(threadId);
      const want = state === 'answered' ? tags.answered : tags.unanswered;
      if (!now.forumTags.includes(want)) return failed(question, attempts, 'tag-deleted', `the ${state === 'answered' ? 'Answered' : 'Unanswered'} tag is no longer one of the forum's`);
      // The post's other tags stay (those still in the forum); ours comes first, so it survives the cap.
      const others = now.appliedTags.filter((id) => id !== tags.answered && id !== tags.unanswered && now.forumTags.includes(id));
      const next = [want, ...others].slice(0, MAX_APPLIED_TAGS);
      const same = next.length === now.appliedTags.length && next.every((id) => now.appliedTags.includes(id));
      if (!same) {
        // Discord takes tags on an archived post only with unarchiving; it is archived again after.
        await poster.editForumPost(threadId, now.archived ? { appliedTags: next, archived: false } : { appliedTags: next });
        if (now.archived) await poster.editForumPost(threadId, { archived: true });
      }
      await run(() => forums.applied(question.id, state));
      return 'applied';
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      if (error.failure === 'gone') {
        // The post is gone: its question's own delivery marks it deleted; nothing left to tag.
        await run(() => forums.settle(question.id));
        return 'skipped';
      }
      return failed(question, attempts, error.failure, error.message, error.discordCode);
    }
  }

  return {
    /** A question just became a forum post with `appliedTags` (the Unanswered tag, when chosen). */
    async posted(question: Question, threadId: string, appliedTags: readonly string[]): Promise<void> {
      const server = await run(() => settings.get(question.guildId));
      const tagged = server.forumTagId !== null && appliedTags.includes(server.forumTagId);
      await run(() => forums.insertPost(question.id, question.guildId, threadId, tagged ? 'unanswered' : null));
    },

    /** The post's tags as its question wants them; a refusal is stored and retried by the background job. */
    async bringInLine(question: Question): Promise<TagOutcome> {
      if (question.channelKind !== 'forum') return 'skipped';
      if (question.publication !== 'posted' || !question.threadId || question.deletedAt) {
        // Deleted (or never posted): a retry left from before has nothing to do.
        await run(() => forums.settle(question.id));
        return 'skipped';
      }
      // A post from before the workflow is followed from its first change on.
      const threadId = question.threadId;
      const post = await transaction(function* () {
        yield* forums.insertPost(question.id, question.guildId, threadId, null);
        return yield* forums.post(question.id);
      });
      const tags = await tagsFor(question);
      const state = wanted(question);
      if (!post || !tags) {
        // The workflow was turned off here: a retry left from before has nothing to do.
        if (post?.nextAttemptAt) await run(() => forums.settle(question.id));
        return 'skipped';
      }
      if (post.applied === state) {
        if (post.nextAttemptAt) await run(() => forums.applied(question.id, state));
        return 'in-line';
      }
      let outcome = await apply(question, question.threadId, tags, state, post.attempts);
      // An accept undone (or made) while the edit was in flight: switch again, as the card is edited again.
      for (let round = 1; round < SWITCH_ROUNDS && outcome === 'applied'; round += 1) {
        const now = questions.byId(question.guildId, question.id);
        if (!now || now.deletedAt || wanted(now) === (await run(() => forums.post(question.id)))?.applied) break;
        outcome = await apply(now, question.threadId, tags, wanted(now), 0);
      }
      return outcome;
    },
  };
}

export type ForumTags = ReturnType<typeof createForumTags>;
