import { HOUR_MS, MINUTE_MS } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { DeliveryError, type Poster } from '../core/poster.js';
import type { AuditStore } from './audit-store.js';
import type { ForumStore } from './forum-store.js';
import type { Delivery } from './delivery.js';
import type { TagProblem } from './forum-tags.js';
import type { QuestionStore } from './question-store.js';
import { requireModerator } from './rules.js';
import type { SettingsStore } from './settings-store.js';
import type { QaTiming } from './timing.js';
import type { Run, Transaction } from './transaction.js';
import type { Work } from '../db/sql/dialect.js';
import type { QaActor } from './types.js';

/** Posts per tick for each kind of work: each may wait out Discord's retries. */
const BATCH = 25;

/** The "solved" workflow of a server's Q&A forum, as it applies now. */
export interface ForumSettings {
  /** The tag an accepted answer switches a post to (the Unanswered one is the Q&A settings' forum tag). */
  readonly answeredTagId: string | null;
  readonly answeredTagName: string | null;
  /** Solved posts are archived after this long without activity; null: left to Discord. */
  readonly archiveAfterMinutes: number | null;
}

interface ForumChanges {
  /** The Q&A channel /qa setup ends up with: an Answered tag belongs to that forum. */
  readonly forumId: string | null;
  /** null: none (posts keep their tag when answered). */
  readonly answeredTag?: { readonly id: string; readonly name: string } | null;
  /** null: off. */
  readonly archiveAfterMinutes?: number | null;
}

export interface ForumTickReport {
  readonly tagged: number;
  readonly archived: number;
}

interface ForumDeps {
  readonly forums: ForumStore;
  readonly settings: SettingsStore;
  readonly questions: QuestionStore;
  readonly audit: AuditStore;
  /** Brings a question in line on Discord, its post's tags included, one attempt per question at a time. */
  readonly delivery: Pick<Delivery, 'question'>;
  readonly poster: Poster;
  readonly logger: Logger;
  readonly timing: QaTiming;
  readonly transaction: Transaction;
  readonly run: Run;
  /** Whether this process serves a guild (its shard); the job only works on its own. */
  readonly ownsGuild: (guildId: string) => boolean;
}

/**
 * The forum-native "solved" workflow: the Answered tag and the archive period a moderator chose,
 * the background work that brings refused tag switches in line, and archiving quiet solved posts.
 */
export function createForum({ forums, settings, questions, audit, delivery, poster, logger, timing, transaction, run, ownsGuild }: ForumDeps) {
  const current = function* (guildId: string): Work<ForumSettings> {
    const row = yield* forums.settings(guildId);
    const forumId = (yield* settings.get(guildId)).channelId;
    const tagHere = row?.answeredTagId && row.forumId === forumId;
    return {
      answeredTagId: tagHere ? row.answeredTagId : null,
      answeredTagName: tagHere ? row.answeredTagName : null,
      archiveAfterMinutes: row?.archiveAfterMinutes ?? null,
    };
  };

  async function retryTags(): Promise<number> {
    const due = await run(() => forums.due(timing.now(), BATCH, ownsGuild));
    for (const post of due) {
      const question = questions.byId(post.guildId, post.questionId);
      if (question) await delivery.question(question);
      else await run(() => forums.settle(post.questionId));
    }
    return due.length;
  }

  async function archiveQuiet(): Promise<number> {
    const now = timing.now();
    let archived = 0;
    for (const post of await run(() => forums.quiet(now, BATCH, ownsGuild))) {
      try {
        await poster.editForumPost(post.threadId, { archived: true });
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        if (error.failure !== 'gone') {
          const retryAt = new Date(timing.clock.now().getTime() + (error.failure === 'transient' ? 5 * MINUTE_MS : HOUR_MS)).toISOString();
          await run(() => forums.archiveRefused(post.questionId, retryAt));
          logger.warn({ guildId: post.guildId, questionId: post.questionId, failure: error.failure, code: error.discordCode, retryAt }, 'Q&A solved forum post not archived; will retry');
          continue;
        }
        // Deleted meanwhile: nothing left to archive.
      }
      if (await run(() => forums.archived(post.questionId, now, post.lastActivity))) archived += 1;
    }
    return archived;
  }

  return {
    settings: (guildId: string): Promise<ForumSettings> => run(() => current(guildId)),

    /** /qa setup: the Answered tag and the archive period, audited; posts waiting on a tag are tried again at once. */
    async configure(guildId: string, actor: QaActor, changes: ForumChanges): Promise<ForumSettings> {
      requireModerator(actor);
      return transaction(function* () {
        const before = yield* forums.settings(guildId);
        const sameForum = before?.forumId === changes.forumId;
        const kept = sameForum && before.answeredTagId && before.answeredTagName ? { id: before.answeredTagId, name: before.answeredTagName } : null;
        const tag = changes.answeredTag !== undefined ? changes.answeredTag : kept;
        const at = timing.now();
        yield* forums.saveSettings(
          {
            guildId,
            forumId: changes.forumId,
            answeredTagId: changes.forumId ? (tag?.id ?? null) : null,
            answeredTagName: changes.forumId ? (tag?.name ?? null) : null,
            archiveAfterMinutes: changes.archiveAfterMinutes !== undefined ? changes.archiveAfterMinutes : (before?.archiveAfterMinutes ?? null),
          },
          actor.userId,
          at,
        );
        yield* forums.rearm(guildId, at);
        const { forumId: _forum, ...recorded } = changes;
        yield* audit.record({ guildId, actorId: actor.userId, action: 'setup', details: { ...recorded }, at });
        return yield* current(guildId);
      });
    },

    /** Why question `questionId`'s post still waits for its tag switch, if it does. */
    async tagProblem(guildId: string, questionId: number): Promise<TagProblem | null> {
      const post = await run(() => forums.post(questionId));
      if (!post || post.guildId !== guildId || !post.nextAttemptAt || !post.lastError) return null;
      const problem = post.lastError.split(':')[0];
      return problem === 'tag-deleted' || problem === 'forbidden' || problem === 'invalid' || problem === 'transient' ? problem : null;
    },

    /** A member wrote in (or reopened) a followed post: a solved post is archived only once quiet again. */
    activity(guildId: string, threadId: string, at: Date = timing.clock.now()): Promise<boolean> {
      return run(() => forums.activity(guildId, threadId, at.toISOString()));
    },

    /** The background job's share: refused tag switches tried again, quiet solved posts archived (once each). */
    async tick(): Promise<ForumTickReport> {
      const tagged = await retryTags();
      const archived = await archiveQuiet();
      if (tagged + archived > 0) logger.info({ qa: { forumTagRetries: tagged, forumArchived: archived } }, 'Q&A forum posts brought in line');
      return { tagged, archived };
    },
  };
}

export type Forum = ReturnType<typeof createForum>;
