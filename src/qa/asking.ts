import { UserError } from '../core/errors.js';
import type { KnowledgeEntry } from '../knowledge/entry.js';
import type { QaDeps } from './deps.js';
import type { Delivery, DeliveryOutcome } from './delivery.js';
import type { Lookups } from './lookups.js';
import type { Draft } from './question-store.js';
import { enforceLimit } from './rate-limit.js';
import { indexedText, searchTerms, similarQuestions } from './search.js';
import { questionText } from './text-rules.js';
import type { PostTarget, QaActor, Question, QuestionCard } from './types.js';

interface AskInput {
  readonly guildId: string;
  readonly userId: string;
  readonly text: string;
  readonly anonymous: boolean;
  readonly target: PostTarget;
  /** The /ask question it came from ("Ask the community"). */
  readonly kbQuestionId?: number | null;
}

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

/** Asking: limits, similar questions, drafts, numbering, anonymous review. */
export function createAsking(deps: QaDeps, lookups: Lookups, delivery: Delivery) {
  const { db, questions, settings, audit, knowledge, poster, logger, options, frequencies } = deps;

  const checkLimit = (guildId: string, userId: string): void => {
    const limit = settings.get(guildId).questionLimit;
    enforceLimit('questions', questions.askedSince(guildId, userId, deps.ago(options.windowMs)), limit, options.windowMs, deps.clock.now());
  };

  const closestTopic = (text: string, guildId: string): string | null => {
    const best = knowledge.search(text, guildId, 1).hits[0];
    return best && best.score >= TOPIC_SCORE ? best.entry.id : null;
  };

  /** One transaction: the limit, the server's next number, the row and its index entry. */
  const insert = db.transaction((input: AskInput & { text: string; draftId?: number }): Question => {
    checkLimit(input.guildId, input.userId);
    const review = input.anonymous && settings.get(input.guildId).reviewAnonymous;
    const at = deps.now();
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
      at,
      retryAt: deps.handOffAt(),
    });
    if (!review) {
      questions.index(id, input.guildId, indexedText(input.text), '');
      frequencies.record(terms, 1);
    }
    if (input.draftId !== undefined) questions.draftPosted(input.draftId, id);
    return questions.requireById(input.guildId, id);
  });

  const publish = async (question: Question): Promise<AskResult> => {
    if (question.publication === 'review') return { question, state: 'review' };
    const outcome: DeliveryOutcome = await delivery.question(question);
    const current = questions.byId(question.guildId, question.id) ?? question;
    return { question: current, state: outcome === 'posted' || current.publication === 'posted' ? 'posted' : 'pending' };
  };

  const requireDraft = (guildId: string, userId: string, draftId: number): Draft => {
    const draft = questions.draft(guildId, userId, draftId);
    if (!draft || draft.createdAt < deps.ago(options.draftTtlMs)) {
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
        return question ? [lookups.card(question)] : [];
      });
      return { questions: found, entry: knowledge.search(text, guildId, 1).answer?.entry ?? null };
    },

    /** Keeps the question while the member looks at the similar ones. */
    saveDraft(input: AskInput): number {
      return questions.insertDraft({
        guildId: input.guildId,
        userId: input.userId,
        text: questionText(input.text),
        anonymous: input.anonymous,
        channelId: input.target.channelId,
        channelKind: input.target.kind,
        kbQuestionId: input.kbQuestionId ?? null,
        kbEntryId: null,
        at: deps.now(),
      });
    },

    /** Stores the question (pending), then posts it; a Discord failure leaves it pending for a retry. */
    async ask(input: AskInput): Promise<AskResult> {
      return publish(insert.immediate({ ...input, text: questionText(input.text) }));
    },

    /** "Post mine anyway": a second click finds the question already posted. */
    async postDraft(guildId: string, userId: string, draftId: number): Promise<AskResult & { again: boolean }> {
      const draft = requireDraft(guildId, userId, draftId);
      if (draft.questionId !== null) {
        const question = questions.requireById(guildId, draft.questionId);
        return { question, state: question.publication === 'review' ? 'review' : question.publication === 'posted' ? 'posted' : 'pending', again: true };
      }
      const question = insert.immediate({
        guildId,
        userId,
        text: draft.text,
        anonymous: draft.anonymous,
        target: { channelId: draft.channelId, kind: draft.channelKind },
        kbQuestionId: draft.kbQuestionId,
        draftId: draft.id,
      });
      return { ...(await publish(question)), again: false };
    },

    /** "That answers it": the draft is dropped, nothing is posted. */
    discardDraft(guildId: string, userId: string, draftId: number): void {
      const draft = requireDraft(guildId, userId, draftId);
      if (draft.questionId === null) questions.deleteDraft(draft.id);
    },

    reviewQueue(guildId: string, actor: QaActor, limit = 5): Question[] {
      lookups.requireModerator(actor);
      return questions.reviewQueue(guildId, limit);
    },

    /** A moderator lets an anonymous question through: it gets its number and is posted. */
    async approve(guildId: string, questionId: number, actor: QaActor): Promise<AskResult> {
      lookups.requireModerator(actor);
      const approved = db.transaction(() => {
        const at = deps.now();
        // Review is a second pair of eyes on anonymous text: never the asker's own.
        if (questions.byId(guildId, questionId)?.askerId === actor.userId) {
          throw new UserError('qa.review-own', 'You asked this question: another moderator has to approve it. You can still reject it to withdraw it.');
        }
        if (!questions.approve(guildId, questionId, at, deps.handOffAt())) return undefined;
        const question = questions.requireById(guildId, questionId);
        questions.index(question.id, guildId, indexedText(question.text), '');
        frequencies.record(searchTerms(question.text), 1);
        audit.record({ guildId, actorId: actor.userId, action: 'approve', questionId, at });
        return question;
      }).immediate();
      if (!approved) throw new UserError('qa.review-done', 'That question is no longer waiting for review.');
      const result = await publish(approved);
      await tell(approved.askerId, `Your anonymous question is approved and posted as **#${approved.number ?? '?'}**. Your name is not shown.`);
      return result;
    },

    async reject(guildId: string, questionId: number, actor: QaActor): Promise<Question> {
      lookups.requireModerator(actor);
      const rejected = db.transaction(() => {
        if (!questions.reject(guildId, questionId, deps.now())) return undefined;
        audit.record({ guildId, actorId: actor.userId, action: 'reject', questionId, at: deps.now() });
        return questions.byId(guildId, questionId);
      })();
      if (!rejected) throw new UserError('qa.review-done', 'That question is no longer waiting for review.');
      await tell(rejected.askerId, 'A moderator did not approve your anonymous question, so it was not posted. You can reword it and ask again.');
      return rejected;
    },
  };

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
