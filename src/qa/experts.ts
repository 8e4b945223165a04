import { HOUR_MS, MINUTE_MS } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DeliveryError, type Poster } from '../core/poster.js';
import type { KnowledgeService } from '../knowledge/service.js';
import { deliveryNonce } from '../scheduling/nonce.js';
import { sendClaimed } from '../scheduling/send-claimed.js';
import type { AuditStore } from './audit-store.js';
import type { ClaimedModeratorPost, ClaimedNotification, ExpertSettings, ExpertStore } from './expert-store.js';
import type { QuestionStore } from './question-store.js';
import { expertNotification, moderatorEscalation } from './render/experts.js';
import { requireModerator } from './rules.js';
import type { SettingsStore } from './settings-store.js';
import type { QaTiming } from './timing.js';
import { bridged, type Run, type Transaction } from './transaction.js';
import type { QaActor, Question } from './types.js';

/** Experts told about a new question, and as many more when it escalates. */
const EXPERTS_PER_QUESTION = 3;
/** Topics a member may follow in a server. */
const MAX_TOPICS = 10;
/** Questions asked longer ago than this are not routed any more (the bot was down, or it waited for review). */
const ROUTE_WINDOW_MS = 24 * HOUR_MS;
/** A claim no tick finished is resent (same nonce) once it is this old … */
const RESEND_AFTER_MS = 30_000;
/** … and given up after this: Discord deduplicates a nonce only for a few minutes, and a second DM is worse than none. */
const NONCE_WINDOW_MS = 5 * MINUTE_MS;
const BATCH = 25;

export interface ExpertsTickReport {
  readonly routed: number;
  readonly escalated: number;
  readonly notified: number;
}

interface ExpertsDeps {
  readonly store: ExpertStore;
  readonly questions: QuestionStore;
  readonly settings: SettingsStore;
  readonly audit: AuditStore;
  readonly knowledge: KnowledgeService;
  readonly poster: Poster;
  readonly logger: Logger;
  readonly timing: QaTiming;
  readonly transaction: Transaction;
  readonly run: Run;
  readonly ownsGuild: (guildId: string) => boolean;
  /** Whether a member is still in the server (Discord); a member who left is never notified, and loses their topics. */
  readonly isMember: (guildId: string, userId: string) => Promise<boolean>;
}

/** The UTC date a moment belongs to: the daily limit counts per UTC day. */
const utcDay = (iso: string): string => iso.slice(0, 10);

/** Rolls back a claim another tick made first. */
class AlreadyEscalated extends Error {}

/**
 * Expert routing (issue 15): members opt in to topics (knowledge-base tags); a new question whose
 * topics match is shown privately to a few of them, least recently notified first, at most the
 * server's daily limit per member per UTC day, never to the asker or a member who answered it; a
 * question still without an answer after the server's hours escalates once, to the next experts in
 * the rotation or, when none is left, to the moderators in the digest channel. Every DM and post is
 * claimed in the database before it is sent, so a crash never doubles one.
 */
export function createExperts({ store, questions, settings, audit, knowledge, poster, logger, timing, transaction, run, ownsGuild, isMember }: ExpertsDeps) {
  const availableTopics = (guildId: string): string[] => knowledge.tags(guildId);

  /** A question's topics: the tags of the knowledge-base entries its text confidently matches. */
  function topicsOf(question: Question): string[] {
    const result = knowledge.search(question.text, question.guildId);
    return [...new Set([result.answer, result.second].flatMap((hit) => hit?.entry.tags ?? []))].sort();
  }

  const stillUnanswered = (question: Question | undefined): question is Question =>
    Boolean(question && question.status === 'open' && question.publication === 'posted' && !question.deletedAt && !question.mergedInto && !question.locked && store.liveAnswers(question.id) === 0);

  /** Up to `count` members to tell, in rotation order, each under the daily limit and still in the server. */
  async function choose(question: Question, topics: readonly string[], count: number, limit: number): Promise<string[]> {
    if (topics.length === 0) return [];
    const day = utcDay(timing.now());
    const picked: string[] = [];
    for (const candidate of store.candidates(question.guildId, topics, question.id, day)) {
      if (picked.length === count) break;
      if (candidate.userId === question.askerId || candidate.today >= limit) continue;
      if (await isMember(question.guildId, candidate.userId)) picked.push(candidate.userId);
      else store.removeAll(question.guildId, candidate.userId);
    }
    return picked;
  }

  /** Inside a transaction: claims each member's notification, checking the daily limit again. */
  function claim(question: Question, userIds: readonly string[], stage: 'new' | 'escalation', limit: number): ClaimedNotification[] {
    const at = timing.now();
    const day = utcDay(at);
    return userIds.flatMap((userId) => {
      if (store.countToday(question.guildId, userId, day) >= limit) return [];
      const nonce = deliveryNonce('expert', String(question.id), userId);
      const claimed = store.claimNotification({ questionId: question.id, userId, guildId: question.guildId, stage, day, nonce, at });
      return claimed ? [{ questionId: question.id, userId, guildId: question.guildId, stage, nonce, claimedAt: at }] : [];
    });
  }

  async function send(notification: ClaimedNotification): Promise<boolean> {
    const question = questions.byId(notification.guildId, notification.questionId);
    if (!question || question.deletedAt || question.mergedInto) {
      store.finishNotification(notification.questionId, notification.userId, 'failed', timing.now());
      return false;
    }
    const message = expertNotification({ question, expertId: notification.userId, guildName: (await run(() => settings.get(question.guildId))).guildName, stage: notification.stage });
    try {
      await poster.sendDirect(notification.userId, { ...message, nonce: notification.nonce, enforce_nonce: true });
      store.finishNotification(notification.questionId, notification.userId, 'sent', timing.now());
      return true;
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      logger.info({ guildId: question.guildId, questionId: question.id, userId: notification.userId, failure: error.failure }, 'Q&A expert DM not delivered');
      // A transient failure keeps the claim: the next tick resends with the same nonce.
      if (error.failure !== 'transient') store.finishNotification(notification.questionId, notification.userId, 'failed', timing.now());
      return false;
    }
  }

  async function sendAll(claimed: readonly ClaimedNotification[]): Promise<number> {
    let sent = 0;
    for (const notification of claimed) if (await send(notification)) sent += 1;
    return sent;
  }

  /** Claims an earlier tick left unfinished: resent while Discord still knows the nonce, else given up. */
  async function resumeClaims(): Promise<number> {
    const stale = store.claimedNotifications(timing.ago(RESEND_AFTER_MS), BATCH, ownsGuild);
    const giveUpBefore = timing.ago(NONCE_WINDOW_MS);
    const resend = stale.filter((claimed) => {
      if (claimed.claimedAt > giveUpBefore) return true;
      store.finishNotification(claimed.questionId, claimed.userId, 'failed', timing.now());
      return false;
    });
    return sendAll(resend);
  }

  async function routeNew(report: { routed: number; notified: number }): Promise<void> {
    for (const { id, guildId } of store.unrouted(timing.ago(ROUTE_WINDOW_MS), BATCH, ownsGuild)) {
      const question = questions.byId(guildId, id);
      if (!question) continue;
      // A server nobody opted in to costs no knowledge-base search; its questions still get a route (and escalate).
      const topics = store.anyExpert(guildId) ? topicsOf(question) : [];
      const { dailyLimit, escalateAfterHours } = store.settings(guildId);
      const escalateAt = escalateAfterHours > 0 ? new Date(Date.parse(question.createdAt) + escalateAfterHours * HOUR_MS).toISOString() : null;
      const chosen = await choose(question, topics, EXPERTS_PER_QUESTION, dailyLimit);
      const claimed = await transaction(bridged(() =>
        store.insertRoute({ questionId: id, guildId, topics, routedAt: timing.now(), escalateAt }) ? claim(question, chosen, 'new', dailyLimit) : [],
      ));
      report.routed += 1;
      report.notified += await sendAll(claimed);
    }
  }

  async function escalateDue(report: { escalated: number; notified: number }): Promise<void> {
    for (const due of store.dueEscalations(timing.now(), BATCH, ownsGuild)) {
      const question = questions.byId(due.guildId, due.questionId);
      if (!stillUnanswered(question)) {
        await transaction(bridged(() => store.claimEscalation(due.questionId, timing.now(), 'not-needed')));
        continue;
      }
      const { dailyLimit } = store.settings(due.guildId);
      // Routed while nobody followed a topic: its topics are looked up now.
      const topics = due.topics.length > 0 || !store.anyExpert(due.guildId) ? due.topics : topicsOf(question);
      const chosen = await choose(question, topics, EXPERTS_PER_QUESTION, dailyLimit);
      const { digestChannelId } = await run(() => settings.get(due.guildId));
      const at = timing.now();
      const post = { questionId: question.id, guildId: due.guildId, nonce: deliveryNonce('expert-escalation', String(question.id)), claimedAt: at };
      let claimed: ClaimedNotification[];
      try {
        claimed = await transaction(bridged(() => {
          const experts = claim(question, chosen, 'escalation', dailyLimit);
          const kind = experts.length > 0 ? 'experts' : digestChannelId ? 'moderators' : 'nobody';
          if (!store.claimEscalation(question.id, at, kind, kind === 'moderators' ? post : null)) throw new AlreadyEscalated();
          return experts;
        }));
      } catch (error) {
        if (error instanceof AlreadyEscalated) continue;
        throw error;
      }
      report.escalated += 1;
      if (claimed.length > 0) report.notified += await sendAll(claimed);
      else if (digestChannelId) await postEscalation(post, false);
      else logger.info({ guildId: due.guildId, questionId: question.id }, 'Q&A question unanswered: no expert left and no digest channel to tell moderators in');
    }
  }

  /** Posts one claimed escalation to the moderators; `resumed`: an earlier tick claimed it, and may have posted it. */
  async function postEscalation(post: ClaimedModeratorPost, resumed: boolean): Promise<void> {
    const question = questions.byId(post.guildId, post.questionId);
    const { digestChannelId: channelId } = await run(() => settings.get(post.guildId));
    if (!question || !channelId) {
      store.finishPost(post.questionId, 'failed');
      return;
    }
    const message = moderatorEscalation(question);
    const outcome = await sendClaimed(poster, { channelId, message, nonce: post.nonce, claimedAt: new Date(post.claimedAt), resumed, isOwnPost: (own) => own.content === message.content });
    if (outcome.kind === 'sent') store.finishPost(post.questionId, 'sent', outcome.message.id);
    else if (outcome.kind !== 'retry') {
      logger.warn({ guildId: post.guildId, questionId: post.questionId, failure: outcome.error.failure }, 'Q&A escalation not posted');
      store.finishPost(post.questionId, 'failed');
    }
  }

  return {
    availableTopics,

    topics: (guildId: string, userId: string): string[] => store.topics(guildId, userId),

    /** /qa expertise add: the member's topics afterwards. */
    async addTopic(guildId: string, userId: string, topic: string): Promise<{ added: boolean; topics: string[] }> {
      if (!availableTopics(guildId).includes(topic)) {
        throw new UserError('qa.unknown-topic', `There is no topic called \`${topic}\` here. Pick one from the list as you type.`);
      }
      return transaction(bridged(() => {
        const current = store.topics(guildId, userId);
        if (!current.includes(topic) && current.length >= MAX_TOPICS) {
          throw new UserError('qa.too-many-topics', `You follow ${MAX_TOPICS} topics already: remove one first (\`/qa expertise remove:\`).`);
        }
        const added = store.addTopic(guildId, userId, topic, timing.now());
        return { added, topics: store.topics(guildId, userId) };
      }));
    },

    async removeTopic(guildId: string, userId: string, topic: string): Promise<{ removed: boolean; topics: string[] }> {
      return transaction(bridged(() => ({ removed: store.removeTopic(guildId, userId, topic), topics: store.topics(guildId, userId) })));
    },

    /** The "Stop expert notifications" button: every topic of the member in this server, gone. */
    optOut: (guildId: string, userId: string): Promise<number> => transaction(bridged(() => store.removeAll(guildId, userId))),

    settings: (guildId: string): ExpertSettings => store.settings(guildId),

    /** /qa setup expert-limit / escalate-after, audited. */
    async configure(guildId: string, actor: QaActor, changes: Partial<ExpertSettings>): Promise<ExpertSettings> {
      requireModerator(actor);
      return transaction(function* () {
        const next = { ...store.settings(guildId), ...changes };
        const at = timing.now();
        store.saveSettings(guildId, next, actor.userId, at);
        yield* audit.record({ guildId, actorId: actor.userId, action: 'setup', details: { ...changes }, at });
        return next;
      });
    },

    /** The background tick: unfinished claims first, then new questions, then escalations. */
    async work(): Promise<ExpertsTickReport> {
      const report = { routed: 0, escalated: 0, notified: 0 };
      report.notified += await resumeClaims();
      for (const post of store.claimedPosts(BATCH, ownsGuild)) await postEscalation(post, true);
      await routeNew(report);
      await escalateDue(report);
      return report;
    },

    /** The next escalation, so a jumping clock (the sandbox) stops there. */
    nextDueAt: (): Date | null => {
      const at = store.nextEscalationAt();
      return at ? new Date(at) : null;
    },
  };
}

export type Experts = ReturnType<typeof createExperts>;
