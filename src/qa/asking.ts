import { UserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Poster } from '../core/poster.js';
import type { KnowledgeEntry } from '../knowledge/entry.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { AuditStore } from './audit-store.js';
import type { Delivery, DeliveryOutcome } from './delivery.js';
import type { Access } from './access.js';
import type { Draft, QuestionStore } from './question-store.js';
import { enforceLimit } from './rate-limit.js';
import { requireModerator } from './rules.js';
import { indexedText, searchTerms, similarQuestions } from './search.js';
import type { SettingsStore } from './settings-store.js';
import type { TermFrequencies } from './term-frequencies.js';
import type { EngagementStore } from './engagement-store.js';
import { trackedNotice, trackedReply } from './render/tracked.js';
import { questionLink } from './render/links.js';
import { questionText, trackedQuestionText } from './text-rules.js';
import type { QaTiming } from './timing.js';
import type { Run, Transaction } from './transaction.js';
import type { Work } from '../db/sql/dialect.js';
import type { PostTarget, QaActor, Question, QuestionCard } from './types.js';

interface AskInput {
  readonly guildId: string;
  readonly userId: string;
  readonly text: string;
  readonly anonymous: boolean;
  readonly target: PostTarget;
  /** The /ask question it came from ("Ask the community"). */
  readonly kbQuestionId?: number | null;
  /** Track as a question: the member's message it is made from; its author (userId) is the asker. */
  readonly source?: TrackedMessage | null;
}

/** A member's message "Track as a question" was used on (its ids checked against the server). */
interface TrackedMessage {
  readonly channelId: string;
  readonly messageId: string;
  readonly authorId: string;
}

/** Track as a question, before the similar-question check: the text to ask, or the question this message already is. */
type Trackable = { readonly kind: 'new'; readonly text: string } | { readonly kind: 'tracked'; readonly question: Question };

interface SimilarFound {
  readonly questions: QuestionCard[];
  /** A knowledge-base entry that answers it with confidence. */
  readonly entry: KnowledgeEntry | null;
}

export interface AskResult {
  readonly question: Question;
  /** posted: on Discord; pending: stored, Discord retried later; review: waits for a moderator. */
  readonly state: 'posted' | 'pending' | 'review';
}

/** Knowledge-base score from which a topic counts towards the question's topic in /qa stats. */
const TOPIC_SCORE = 0.2;

interface AskingDeps {
  readonly questions: QuestionStore;
  readonly settings: SettingsStore;
  /** Whether a member turned Q&A messages off (a tracked message's author is told otherwise). */
  readonly engagement: Pick<EngagementStore, 'optedOut'>;
  readonly audit: AuditStore;
  readonly frequencies: TermFrequencies;
  /** The knowledge base: a topic for each question, and an answer beside similar questions. */
  readonly knowledge: Pick<KnowledgeService, 'search'>;
  readonly access: Pick<Access, 'card' | 'requireQuestion'>;
  readonly delivery: Delivery;
  readonly poster: Poster;
  readonly logger: Logger;
  readonly transaction: Transaction;
  readonly run: Run;
  readonly timing: QaTiming;
  readonly options: {
    /** The rate-limit window (the limits themselves are per server, /qa setup). */
    readonly windowMs: number;
    /** Dice overlap from which an earlier question counts as similar. */
    readonly similarThreshold: number;
    /** Undecided "Post mine anyway" drafts are forgotten after this. */
    readonly draftTtlMs: number;
  };
}

/** Asking: limits, similar questions, drafts, numbering, anonymous review. */
export function createAsking({ questions, settings, engagement, audit, frequencies, knowledge, access, delivery, poster, logger, transaction, run, timing, options }: AskingDeps) {
  const limitCheck = function* (guildId: string, userId: string): Work<void> {
    const limit = (yield* settings.get(guildId)).questionLimit;
    enforceLimit('questions', questions.askedSince(guildId, userId, timing.ago(options.windowMs)), limit, options.windowMs, timing.clock.now());
  };

  const closestTopic = (text: string, guildId: string): string | null => {
    const best = knowledge.search(text, guildId, 1).hits[0];
    return best && best.score >= TOPIC_SCORE ? best.entry.id : null;
  };

  const checkLimit = (guildId: string, userId: string): Promise<void> => run(() => limitCheck(guildId, userId));

  /**
   * One transaction: the limit, the server's next number, the row and its index entry. A tracked
   * message is asked once: a second track (or a racing one) finds the question the first made. Its
   * author did not ask, so the limit was checked on whoever tracked it.
   */
  const store = (input: AskInput & { text: string; draftId?: number }): Promise<{ question: Question; created: boolean }> => transaction(function* () {
    const earlier = input.source ? questions.bySource(input.guildId, input.source.messageId) : undefined;
    if (earlier) return { question: earlier, created: false };
    if (!input.source) yield* limitCheck(input.guildId, input.userId);
    const review = input.anonymous && (yield* settings.get(input.guildId)).reviewAnonymous;
    const at = timing.now();
    const terms = searchTerms(input.text);
    const id = questions.insert({
      guildId: input.guildId,
      askerId: input.userId,
      anonymous: input.anonymous,
      text: input.text,
      searchTerms: terms,
      publication: review ? 'review' : 'pending',
      channelId: input.target.channelId,
      channelKind: input.target.kind,
      kbQuestionId: input.kbQuestionId ?? null,
      kbEntryId: closestTopic(input.text, input.guildId),
      source: input.source ?? null,
      at,
      retryAt: timing.handOffAt(),
    });
    if (!review) {
      questions.index(id, input.guildId, indexedText(input.text), '');
      frequencies.record(terms, 1);
    }
    if (input.draftId !== undefined) questions.draftPosted(input.draftId, id);
    return { question: questions.requireById(input.guildId, id), created: true };
  });
  const insert = async (input: AskInput & { text: string; draftId?: number }): Promise<Question> => (await store(input)).question;

  const publish = async (question: Question): Promise<AskResult> => {
    if (question.publication === 'review') return { question, state: 'review' };
    const outcome: DeliveryOutcome = await delivery.question(question);
    const current = questions.byId(question.guildId, question.id) ?? question;
    return { question: current, state: outcome === 'posted' || current.publication === 'posted' ? 'posted' : 'pending' };
  };

  const requireDraft = (guildId: string, userId: string, draftId: number): Draft => {
    const draft = questions.draft(guildId, userId, draftId);
    if (!draft || draft.createdAt < timing.ago(options.draftTtlMs)) {
      throw new UserError('qa.draft-expired', 'This question was not posted and has expired. Ask it again with `/question ask`.');
    }
    return draft;
  };

  return {
    /** Before the similar-question search: refuse early when the member is over the limit. */
    checkLimit,

    /** Up to `limit` earlier questions of this server like this one, and a knowledge-base answer. */
    findSimilar(guildId: string, text: string, viewerId: string, limit = 3): SimilarFound {
      const hits = similarQuestions(questions, guildId, text, { limit, threshold: options.similarThreshold, viewerId, frequencies });
      const found = hits.flatMap((hit) => {
        const question = questions.byId(guildId, hit.questionId);
        return question ? [access.card(question)] : [];
      });
      return { questions: found, entry: knowledge.search(text, guildId, 1).answer?.entry ?? null };
    },

    /**
     * Track as a question, first step: the message is a member's, not tracked yet, and long enough
     * to be a question; `invokerId` is under the question limit (the author did not ask).
     */
    async trackable(guildId: string, invokerId: string, message: TrackedMessage & { readonly text: string; readonly authorIsBot: boolean }): Promise<Trackable> {
      const earlier = questions.bySource(guildId, message.messageId);
      if (earlier && !earlier.deletedAt) return { kind: 'tracked', question: earlier };
      if (earlier) throw new UserError('qa.removed', `That message was tracked as #${earlier.number ?? '?'}, which a moderator removed.`);
      if (message.authorIsBot) throw new UserError('qa.track-bot', "That message is a bot's: track a member's question instead.");
      await checkLimit(guildId, invokerId);
      return { kind: 'new', text: trackedQuestionText(message.text) };
    },

    /**
     * Track as a question: the member's message becomes a community question asked by its author,
     * posted like any other; the bot replies to the message with a link (pinging nobody) and tells
     * the author by DM. `again`: the message was tracked already (a second click, or a race).
     */
    async track(input: AskInput & { readonly source: TrackedMessage; readonly invokerId: string }): Promise<AskResult & { again: boolean }> {
      const { question, created } = await store({ ...input, userId: input.source.authorId, anonymous: false, text: trackedQuestionText(input.text) });
      return announceTracked(question, input.invokerId, !created);
    },

    /** Keeps the question while the member looks at the similar ones. */
    saveDraft(input: AskInput): number {
      return questions.insertDraft({
        guildId: input.guildId,
        userId: input.userId,
        source: input.source ? { ...input.source } : null,
        text: questionText(input.text),
        anonymous: input.anonymous,
        channelId: input.target.channelId,
        channelKind: input.target.kind,
        kbQuestionId: input.kbQuestionId ?? null,
        kbEntryId: null,
        at: timing.now(),
      });
    },

    /** Stores the question (pending), then posts it; a Discord failure leaves it pending for a retry. */
    async ask(input: AskInput): Promise<AskResult> {
      return publish(await insert({ ...input, text: questionText(input.text) }));
    },

    /** "Post mine anyway": a second click finds the question already posted. */
    async postDraft(guildId: string, userId: string, draftId: number): Promise<AskResult & { again: boolean }> {
      const draft = requireDraft(guildId, userId, draftId);
      if (draft.questionId !== null) {
        const question = questions.requireById(guildId, draft.questionId);
        return { question, state: question.publication === 'review' ? 'review' : question.publication === 'posted' ? 'posted' : 'pending', again: true };
      }
      const { question, created } = await store({
        guildId,
        // A tracked message's author is its asker; whoever tracked it decided to post it.
        userId: draft.source?.authorId ?? userId,
        text: draft.text,
        anonymous: draft.anonymous,
        target: { channelId: draft.channelId, kind: draft.channelKind },
        kbQuestionId: draft.kbQuestionId,
        draftId: draft.id,
        source: draft.source,
      });
      if (draft.source) return announceTracked(question, userId, !created);
      return { ...(await publish(question)), again: false };
    },

    /** "That answers it": the draft is dropped, nothing is posted. */
    discardDraft(guildId: string, userId: string, draftId: number): void {
      const draft = requireDraft(guildId, userId, draftId);
      if (draft.questionId === null) questions.deleteDraft(draft.id);
    },

    reviewQueue(guildId: string, actor: QaActor, limit = 5): Question[] {
      requireModerator(actor);
      return questions.reviewQueue(guildId, limit);
    },

    /** A moderator lets an anonymous question through: it gets its number and is posted. */
    async approve(guildId: string, questionId: number, actor: QaActor): Promise<AskResult> {
      requireModerator(actor);
      const approved = await transaction(function* () {
        const at = timing.now();
        // Review is a second pair of eyes on anonymous text: never the asker's own.
        if (questions.byId(guildId, questionId)?.askerId === actor.userId) {
          throw new UserError('qa.review-own', 'You asked this question: another moderator has to approve it. You can still reject it to withdraw it.');
        }
        if (!questions.approve(guildId, questionId, at, timing.handOffAt())) return undefined;
        const question = questions.requireById(guildId, questionId);
        questions.index(question.id, guildId, indexedText(question.text), '');
        frequencies.record(searchTerms(question.text), 1);
        yield* audit.record({ guildId, actorId: actor.userId, action: 'approve', questionId, at });
        return question;
      });
      if (!approved) throw new UserError('qa.review-done', 'That question is no longer waiting for review.');
      const result = await publish(approved);
      await tell(approved.askerId, `Your anonymous question is approved and posted as **#${approved.number ?? '?'}**. Your name is not shown.`);
      return result;
    },

    /** A moderator turns an anonymous question down: it is never posted, and its asker is told privately. */
    async reject(guildId: string, questionId: number, actor: QaActor): Promise<Question> {
      requireModerator(actor);
      const rejected = await transaction(function* () {
        if (!questions.reject(guildId, questionId, timing.now())) return undefined;
        yield* audit.record({ guildId, actorId: actor.userId, action: 'reject', questionId, at: timing.now() });
        return questions.byId(guildId, questionId);
      });
      if (!rejected) throw new UserError('qa.review-done', 'That question is no longer waiting for review.');
      await tell(rejected.askerId, 'A moderator did not approve your anonymous question, so it was not posted. You can reword it and ask again.');
      return rejected;
    },

    /**
     * The next interaction's retry: when the asker (or a moderator) looks at a question still pending
     * and its backoff is over, try posting it now instead of waiting for the job. Null when it is not
     * pending; else the attempt, already under way (the caller defers its reply while it runs).
     */
    retryPending(guildId: string, number: number, viewer: QaActor): Promise<void> | null {
      const question = access.requireQuestion(guildId, number, viewer, { followMerge: true });
      if (question.publication !== 'pending') return null;
      const due = !question.nextAttemptAt || question.nextAttemptAt <= timing.now();
      return due ? delivery.question(question).then(() => undefined) : Promise.resolve();
    },
  };

  /**
   * After a tracked question is stored: posted, then (once, by whoever stored it) a reply to the
   * member's message linking the question and a DM to its author. A second track finds it `again`.
   */
  async function announceTracked(question: Question, invokerId: string, again: boolean): Promise<AskResult & { again: boolean }> {
    const source = question.sourceChannelId && question.sourceMessageId ? { channelId: question.sourceChannelId, messageId: question.sourceMessageId } : null;
    const result = await publish(question);
    if (!source || again) return { ...result, again };
    const posted = result.question;
    const link = questionLink(posted);
    try {
      await poster.send(source.channelId, trackedReply(posted, link, source.messageId));
    } catch (error) {
      logger.info({ err: error, guildId: question.guildId, questionId: question.id }, 'could not reply to a tracked message');
    }
    if (!engagement.optedOut(question.guildId, question.askerId) && question.askerId !== invokerId) {
      await tell(question.askerId, trackedNotice(posted, link, invokerId, (await run(() => settings.get(question.guildId))).guildName).content ?? '');
    }
    return { ...result, again: false };
  }

  /** Best effort: an anonymous asker learns what happened to their question in private. */
  async function tell(userId: string, content: string): Promise<void> {
    try {
      await poster.sendDirect(userId, { content, allowed_mentions: { parse: [] } });
    } catch (error) {
      logger.info({ err: error, userId }, 'could not tell an anonymous asker about the review');
    }
  }
}

export type Asking = ReturnType<typeof createAsking>;
