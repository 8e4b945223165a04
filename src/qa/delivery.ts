import { MINUTE_MS } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { MentionNames } from '../discord/text.js';
import { DeliveryError, FORUM_TAG_REQUIRED, THREAD_ARCHIVED, THREAD_LOCKED, type OutgoingMessage, type PostedMessage, type Poster } from '../core/poster.js';
import { deliveryNonce } from '../scheduling/nonce.js';
import { hasCustomId, sendClaimed } from '../scheduling/send-claimed.js';
import type { AnswerStore } from './answer-store.js';
import { BOT_ACTOR, type AuditStore } from './audit-store.js';
import { questionIds } from './custom-ids.js';
import type { ForumTags } from './forum-tags.js';
import type { GoneMessages } from './gone.js';
import type { Access } from './access.js';
import type { QuestionStore } from './question-store.js';
import { questionMessageChannel } from './render/links.js';
import { answerMessage, questionMessage, threadName } from './render/question-message.js';
import type { SettingsStore } from './settings-store.js';
import type { QaTiming } from './timing.js';
import { bridged, type Run, type Transaction } from './transaction.js';
import type { Answer, Question } from './types.js';

/** Discord's error codes the delivery acts on. */
const UNKNOWN_CHANNEL = 10003;
const UNKNOWN_MESSAGE = 10008;
const THREAD_ALREADY_CREATED = 160004;

/** stopped: Discord refuses until a moderator acts (a locked thread); the next change tries again. */
export type DeliveryOutcome = 'posted' | 'synced' | 'pending' | 'gone' | 'skipped' | 'stopped';

/** Edits of one message in a row before the rest is left to the background job. */
const SYNC_ROUNDS = 3;

interface DeliveryDeps {
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly settings: SettingsStore;
  readonly audit: AuditStore;
  readonly access: Pick<Access, 'card' | 'answerCard'>;
  /** What a message found deleted on Discord does to its row. */
  readonly gone: Pick<GoneMessages, 'question'>;
  /** A forum post's Unanswered/Answered tags, which follow its question like its card. */
  readonly forumTags: Pick<ForumTags, 'posted' | 'bringInLine'>;
  readonly poster: Poster;
  readonly logger: Logger;
  readonly timing: QaTiming;
  readonly transaction: Transaction;
  readonly run: Run;
  /** The names mentions in a question stand for in its server: a thread name shows them as typed. */
  readonly mentionNamesOf: (guildId: string) => MentionNames;
}

/**
 * Brings Discord in line with the database, which is always the truth. A question is stored first
 * (pending), then posted — a forum post, or a message (with a nonce, so a resend returns the same
 * message) plus its thread — and its ids recorded. Any failure leaves the row due for a retry with
 * backoff; nothing is lost and nothing is posted twice.
 */
export function createDelivery({ questions, answers, settings, audit, access, gone, forumTags, poster, logger, timing, transaction, run, mentionNamesOf }: DeliveryDeps) {
  const running = new Map<string, Promise<DeliveryOutcome>>();

  /** One attempt per item at a time in this process; a second caller waits for the first. */
  const once = (key: string, work: () => Promise<DeliveryOutcome>): Promise<DeliveryOutcome> => {
    const existing = running.get(key);
    if (existing) return existing;
    const attempt = work().finally(() => running.delete(key));
    running.set(key, attempt);
    return attempt;
  };

  const retryAt = (attempts: number, error: DeliveryError): string => {
    // Transient: 1, 2, 4 … 30 minutes. Lost access waits for a moderator: every hour.
    const minutes = error.failure === 'transient' ? Math.min(2 ** attempts, 30) : error.failure === 'invalid' ? 24 * 60 : 60;
    return new Date(timing.clock.now().getTime() + minutes * MINUTE_MS).toISOString();
  };

  const fail = async (kind: 'question' | 'answer', item: Question | Answer, error: unknown): Promise<DeliveryOutcome> => {
    if (!(error instanceof DeliveryError)) throw error;
    // A moderator's lock is lifted by a moderator, not by time: no retries until the item changes again.
    const stopped = error.discordCode === THREAD_LOCKED;
    const at = stopped ? null : retryAt(item.attempts, error);
    await transaction(function* () {
      if (kind === 'question') questions.failedAttempt(item.id, `${error.failure}: ${error.message}`, at);
      else answers.failedAttempt(item.id, `${error.failure}: ${error.message}`, at);
      // What only a moderator can fix goes in the moderation log, once per run of failures.
      if (error.failure === 'forbidden' && item.attempts === 0) {
        const questionId = kind === 'question' ? item.id : (item as Answer).questionId;
        yield* audit.record({ guildId: item.guildId, actorId: BOT_ACTOR, action: 'not-updated-on-discord', questionId, answerId: kind === 'answer' ? item.id : null, details: { reason: refusalReason(error) }, at: timing.now() });
      }
    });
    const log = error.failure === 'invalid' ? logger.error.bind(logger) : logger.warn.bind(logger);
    log({ guildId: item.guildId, [`${kind}Id`]: item.id, failure: error.failure, code: error.discordCode, retryAt: at }, stopped ? `Q&A ${kind} not updated: its thread is locked` : `Q&A ${kind} not on Discord yet; will retry`);
    return stopped ? 'stopped' : 'pending';
  };

  /**
   * Discord refuses edits in an archived thread, and archives quiet ones on its own (Q&A threads
   * after 7 days): unarchive it and try once more. Its auto-archive closes it again later.
   */
  async function inOpenThread<T>(channelId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof DeliveryError) || error.discordCode !== THREAD_ARCHIVED) throw error;
      await poster.reopenThread(channelId);
      return work();
    }
  }

  /** The forum tag chosen at /qa setup, for a post in the server's Q&A forum. */
  const onPostTags = async (question: Question): Promise<string[]> => {
    const server = await run(() => settings.get(question.guildId));
    return server.channelId === question.channelId && server.forumTagId ? [server.forumTagId] : [];
  };

  async function startThread(channelId: string, messageId: string, name: string): Promise<string> {
    try {
      return (await poster.startThread(channelId, messageId, name)).threadId;
    } catch (error) {
      // A resend after "applied, then 5xx": the thread exists, and a message's thread shares its id.
      if (error instanceof DeliveryError && error.discordCode === THREAD_ALREADY_CREATED) return messageId;
      throw error;
    }
  }

  async function postQuestion(question: Question): Promise<DeliveryOutcome> {
    // Rendered as it will be once on Discord: "pending" is only ever shown to the asker.
    const message = questionMessage(access.card({ ...question, publication: 'posted' }));
    const version = question.version;
    const at = () => timing.now();
    try {
      if (question.channelKind === 'forum') {
        const send = await transaction(bridged(() => questions.startSend(question.guildId, question.id, at())));
        // Discord takes no nonce for forum posts: a later attempt first looks for the post an earlier one made.
        const earlier = send.resumed ? await earlierForumPost(question) : undefined;
        const { post, tags } = earlier ? { post: earlier, tags: [] } : await createForumPost(question, message);
        questions.markPosted({ id: question.id, guildId: question.guildId, messageId: post.id, threadId: post.threadId, version, at: at() });
        await forumTags.posted(question, post.threadId, tags);
      } else {
        let messageId = question.messageId;
        if (!messageId) {
          const send = await transaction(bridged(() => questions.startSend(question.guildId, question.id, at())));
          const sent = await sendClaimed(poster, {
            channelId: question.channelId,
            message,
            nonce: deliveryNonce('qa-question', question.guildId, String(question.id)),
            claimedAt: new Date(send.startedAt),
            resumed: send.resumed,
            // Numbers are unique in a server: the card with this question's Upvote button is its post.
            isOwnPost: hasCustomId(questionIds.upvote(question.number ?? 0)),
          });
          if (sent.kind !== 'sent') throw sent.error;
          messageId = sent.message.id;
          questions.recordMessage(question.guildId, question.id, messageId, at());
        }
        const threadId = question.channelKind === 'thread' ? question.channelId : await startThread(question.channelId, messageId, threadName(question, mentionNamesOf(question.guildId)));
        questions.markPosted({ id: question.id, guildId: question.guildId, messageId, threadId, version, at: at() });
      }
    } catch (error) {
      return fail('question', questions.byId(question.guildId, question.id) ?? question, error);
    }
    logger.info({ guildId: question.guildId, questionId: question.id, number: question.number }, 'Q&A question posted');
    // Answers given while it was pending were waiting for its thread.
    for (const answer of answers.pendingFor(question.id)) await deliverAnswer(answer);
    return 'posted';
  }

  /**
   * A forum post with the tag chosen at /qa setup. A tag deleted from the forum since makes Discord
   * refuse the post (50035): it goes without, and its tag follows once a moderator picks another.
   */
  async function createForumPost(question: Question, message: OutgoingMessage): Promise<{ post: PostedMessage & { threadId: string }; tags: readonly string[] }> {
    const name = threadName(question, mentionNamesOf(question.guildId));
    const tags = await onPostTags(question);
    try {
      return { post: await poster.createForumPost(question.channelId, name, message, tags), tags };
    } catch (error) {
      if (!(error instanceof DeliveryError) || error.failure !== 'invalid' || tags.length === 0) throw error;
      logger.warn({ guildId: question.guildId, questionId: question.id, code: error.discordCode }, 'Q&A forum post refused with its tag (deleted from the forum?); posting it without');
      return { post: await poster.createForumPost(question.channelId, name, message, []), tags: [] };
    }
  }

  /** The forum post an earlier attempt created for this question, found by its thread name (`#N · …`, unique in a server). */
  async function earlierForumPost(question: Question): Promise<{ id: string; threadId: string } | undefined> {
    const prefix = `#${question.number ?? '?'} · `;
    const found = (await poster.ownActiveForumPosts(question.guildId, question.channelId)).find((post) => post.name.startsWith(prefix));
    // A forum post's starter message shares the thread's id.
    return found && { id: found.threadId, threadId: found.threadId };
  }

  async function syncQuestion(question: Question): Promise<DeliveryOutcome> {
    const channelId = questionMessageChannel(question);
    const messageId = question.messageId;
    if (!channelId || !messageId) return 'skipped';
    const version = question.version;
    const mergedInto = question.mergedInto !== null ? questions.byId(question.guildId, question.mergedInto) : undefined;
    try {
      const edit = questionMessage(access.card(question), { mergedIntoNumber: mergedInto?.number ?? null });
      await inOpenThread(channelId, () => poster.edit(channelId, messageId, edit));
      questions.synced(question.id, version);
      return 'synced';
    } catch (error) {
      if (isGone(error, question.channelKind === 'forum')) {
        questions.synced(question.id, version);
        if (!question.deletedAt) await gone.question(question);
        return 'gone';
      }
      return fail('question', question, error);
    }
  }

  async function postAnswer(answer: Answer): Promise<DeliveryOutcome> {
    const question = questions.byId(answer.guildId, answer.questionId);
    if (!question || question.deletedAt || answer.deletedAt) {
      answers.settle(answer.id);
      return 'skipped';
    }
    // Not in a thread yet: posting the question delivers its waiting answers.
    if (question.publication !== 'posted' || !question.threadId) {
      answers.settle(answer.id);
      return 'pending';
    }
    const card = access.answerCard(answer, question);
    const threadId = question.threadId;
    const send = await transaction(bridged(() => answers.startSend(answer.id, timing.now())));
    const claim = {
      channelId: threadId,
      message: answerMessage(card, question),
      nonce: deliveryNonce('qa-answer', answer.guildId, String(answer.id)),
      claimedAt: new Date(send.startedAt),
      resumed: send.resumed,
      isOwnPost: hasCustomId(questionIds.upvoteAnswer(answer.id)),
    };
    try {
      // A message unarchives its thread, except one a moderator locked: that takes unarchiving first.
      const sent = await inOpenThread(threadId, async () => {
        const result = await sendClaimed(poster, claim);
        if (result.kind !== 'sent') throw result.error;
        return result.message;
      });
      answers.markPosted(answer.id, sent.channelId, sent.id, answer.version);
      return 'posted';
    } catch (error) {
      return fail('answer', answer, error);
    }
  }

  async function syncAnswer(answer: Answer): Promise<DeliveryOutcome> {
    // A member's own message kept as an answer is theirs: the bot never edits or deletes it.
    if (answer.origin === 'message') {
      answers.synced(answer.id, answer.version);
      return 'synced';
    }
    const question = questions.byId(answer.guildId, answer.questionId);
    if (!question || !answer.channelId || !answer.messageId) {
      answers.settle(answer.id);
      return 'skipped';
    }
    try {
      const { channelId, messageId } = answer;
      const edit = answerMessage(access.answerCard(answer, question), question);
      await inOpenThread(channelId, async () => {
        if (answer.deletedAt) await poster.remove(channelId, messageId);
        else await poster.edit(channelId, messageId, edit);
      });
      answers.synced(answer.id, answer.version);
      return 'synced';
    } catch (error) {
      if (isGone(error, true)) {
        answers.synced(answer.id, answer.version);
        return 'gone';
      }
      return fail('answer', answer, error);
    }
  }

  return {
    /** Posts a pending question, or updates a posted one whose message lags the database. */
    question(question: Question): Promise<DeliveryOutcome> {
      return once(`q${question.id}`, async () => {
        const outcome = await questionCard(question);
        // A forum post's tags follow its question too (an accept, a reopen), retried apart from the card.
        const current = questions.byId(question.guildId, question.id);
        if (current?.channelKind === 'forum') await forumTags.bringInLine(current);
        return outcome;
      });
    },
    answer(answer: Answer): Promise<DeliveryOutcome> {
      return once(`a${answer.id}`, async () => {
        let outcome: DeliveryOutcome = 'skipped';
        for (let round = 0; round < SYNC_ROUNDS; round += 1) {
          const current = answers.byId(answer.guildId, answer.id);
          if (!current) return 'skipped';
          if (current.delivery === 'pending' && !current.deletedAt) return postAnswer(current);
          if (current.delivery === 'pending' || current.syncedVersion >= current.version) break;
          outcome = await syncAnswer(current);
          if (outcome !== 'synced') return outcome;
        }
        if (outcome === 'skipped') answers.settle(answer.id);
        return outcome;
      });
    },
  };

  async function questionCard(question: Question): Promise<DeliveryOutcome> {
    let outcome: DeliveryOutcome = 'skipped';
    // Changes made while an edit was in flight joined this attempt: edit again until in line.
    for (let round = 0; round < SYNC_ROUNDS; round += 1) {
      const current = questions.byId(question.guildId, question.id);
      if (!current) return 'skipped';
      if (current.publication === 'pending' && !current.deletedAt) return postQuestion(current);
      if (current.publication !== 'posted' || current.syncedVersion >= current.version) break;
      outcome = await syncQuestion(current);
      if (outcome !== 'synced') return outcome;
    }
    if (outcome === 'skipped') questions.settle(question.id);
    return outcome;
  }

  function deliverAnswer(answer: Answer): Promise<DeliveryOutcome> {
    return once(`a${answer.id}`, () => postAnswer(answer));
  }
}

export type Delivery = ReturnType<typeof createDelivery>;

/** Why Discord refuses, as the moderation log shows it (in 40 characters). */
function refusalReason(error: DeliveryError): string {
  if (error.discordCode === THREAD_LOCKED) return 'thread locked; needs Manage Threads';
  if (error.discordCode === FORUM_TAG_REQUIRED) return 'forum requires a tag: /qa setup tag:';
  if (error.discordCode === THREAD_ARCHIVED) return 'thread archived; cannot reopen it';
  return 'missing permissions in the channel';
}

/** The message (or, for a thread of its own, the channel) no longer exists on Discord. */
function isGone(error: unknown, channelCounts: boolean): boolean {
  if (!(error instanceof DeliveryError)) return false;
  return error.discordCode === UNKNOWN_MESSAGE || (channelCounts && error.discordCode === UNKNOWN_CHANNEL);
}
