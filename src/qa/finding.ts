import { UserError } from '../core/errors.js';
import { NO_NAMES, plainLine, type MentionNames } from '../discord/text.js';
import type { AnswerStore } from './answer-store.js';
import type { Access } from './access.js';
import type { ListSort, ListStatus, QuestionStore } from './question-store.js';
import { mayAccept } from './rules.js';
import { searchQuestions, similarQuestions } from './search.js';
import type { TermFrequencies } from './term-frequencies.js';
import type { Answer, AnswerCard, QaActor, Question, QuestionCard } from './types.js';

export const PAGE_SIZE = 10;

export interface QuestionPage {
  readonly cards: QuestionCard[];
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly status: ListStatus;
  readonly sort: ListSort;
}

export interface QuestionDetail {
  readonly card: QuestionCard;
  /** Accepted first, then by upvotes, then oldest first. */
  readonly answers: AnswerCard[];
  /** Set when the member asked for a question that was merged into this one. */
  readonly mergedFrom: number | null;
  /** Whether the viewer may accept one of its answers (the private reply shows Accept buttons). */
  readonly canAccept: boolean;
}

export interface CommunityAnswer {
  readonly question: Question;
  readonly answer: Answer & { readonly votes: number };
  /** 0–1: how closely the asked question matches this one (Dice overlap of their words). */
  readonly score: number;
}

/** Below this a community answer may follow the knowledge-base entry, never replace it. */
const REPLACES_FROM = 0.6;

/**
 * Where /ask shows the community's accepted answer: alone when the knowledge base found nothing,
 * instead of the entry when the community's question matches the asked one better than the entry
 * does (both scores are 0–1: the questions' word overlap, the entry's confidence), else after it.
 */
export function communityAnswerPlace(community: Pick<CommunityAnswer, 'score'>, kb: { readonly score: number } | null): 'alone' | 'instead' | 'after' {
  if (!kb) return 'alone';
  return community.score >= REPLACES_FROM && community.score > kb.score ? 'instead' : 'after';
}

export interface Choice {
  readonly name: string;
  readonly value: number;
}

interface FindingDeps {
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly frequencies: TermFrequencies;
  readonly access: Access;
  /** Dice overlap from which an earlier question counts as similar. */
  readonly similarThreshold: number;
}

/**
 * What members find, always inside their own server and by the visibility rules of `access`:
 * lists, search, one question in full, autocomplete, a question or answer they name, and accepted
 * answers for /ask.
 */
export function createFinding({ questions, answers, frequencies, access, similarThreshold }: FindingDeps) {

  const cardsOf = (ids: readonly number[], guildId: string): QuestionCard[] =>
    ids.flatMap((id) => {
      const question = questions.byId(guildId, id);
      return question ? [access.card(question)] : [];
    });

  // Choice names are plain text: mentions in member text are shown by name (`names`, the server's).
  const choiceName = (question: Question, names: MentionNames, suffix = ''): string => plainLine(`#${question.number ?? '?'} · ${question.text}`, 100 - suffix.length, names) + suffix;

  return {
    /**
     * The tracked question a member's message belongs to (Mark as answer): the one it is already an
     * answer of, else the one whose card (or stored answer) it replies to, else the one whose thread
     * or forum post it is in. A thread holding several questions (some asked inside it) is ambiguous
     * for a message that replies to none of them: refused rather than guessed. Only this server's rows.
     */
    questionAt(guildId: string, where: { readonly channelId: string; readonly messageId: string; readonly repliedTo: string | null }): Question | undefined {
      const live = (question: Question | undefined) => (question && question.publication === 'posted' && !question.deletedAt ? question : undefined);
      const answerOf = (messageId: string) => {
        const answer = answers.byMessage(guildId, messageId);
        return answer && !answer.deletedAt ? live(questions.byId(guildId, answer.questionId)) : undefined;
      };
      const known = answerOf(where.messageId) ?? (where.repliedTo ? (live(questions.byMessage(guildId, where.repliedTo)) ?? answerOf(where.repliedTo)) : undefined);
      if (known) return known;
      const inThread = questions.inThread(guildId, where.channelId);
      if (inThread.length > 1) {
        const numbers = inThread.map((question) => `#${question.number ?? '?'}`).join(', ');
        throw new UserError(
          'qa.several-questions',
          `Several questions live in this thread (${numbers}) and this message replies to none of them, so I can't tell which one it answers. Mark as answer works on a reply to the question's own message (its card).`,
        );
      }
      return inThread[0];
    },

    list(guildId: string, status: ListStatus, sort: ListSort, viewer: QaActor, requestedPage: number): QuestionPage {
      const { total } = questions.list(guildId, status, sort, viewer.userId, 0, 0);
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const page = Math.min(Math.max(1, requestedPage), pages);
      const { questions: rows } = questions.list(guildId, status, sort, viewer.userId, PAGE_SIZE, (page - 1) * PAGE_SIZE);
      return { cards: rows.map(access.card), page, pages, total, status, sort };
    },

    search(guildId: string, query: string, viewer: QaActor, limit = PAGE_SIZE): QuestionCard[] {
      return cardsOf(searchQuestions(questions, guildId, query, { limit, viewerId: viewer.userId, frequencies }).map((hit) => hit.questionId), guildId);
    },

    show(guildId: string, number: number, viewer: QaActor): QuestionDetail {
      const question = access.requireQuestion(guildId, number, viewer, { followMerge: true });
      const answerCards = answers
        .forQuestion(question.id)
        .map((answer) => ({ answer, votes: answer.votes, accepted: answer.id === question.acceptedAnswerId }))
        .sort((a, b) => Number(b.accepted) - Number(a.accepted) || b.votes - a.votes || a.answer.number - b.answer.number);
      return { card: access.card(question), answers: answerCards, mergedFrom: question.number === number ? null : number, canAccept: mayAccept(question, viewer) };
    },

    /** A question by number for the member (a UserError when it is not theirs to see, removed or merged). */
    question: access.requireQuestion,
    /** The answer a member named for question #number, which must be one of its answers (a UserError otherwise). */
    answerOf: access.requireAnswerOf,
    card: access.card,

    /** Suggestions for an id option: by number as typed, by words, or the newest. */
    autocomplete(guildId: string, typed: string, viewer: QaActor, { answerable = false, names = NO_NAMES }: { answerable?: boolean; names?: MentionNames } = {}): Choice[] {
      const text = typed.trim().replace(/^#/, '');
      let found: Question[];
      if (/^\d{1,9}$/.test(text)) found = questions.numberPrefix(guildId, text, 25);
      else if (text.length > 0) found = cardsOf(searchQuestions(questions, guildId, text, { limit: 25, prefix: true, viewerId: viewer.userId, frequencies }).map((hit) => hit.questionId), guildId).map((card) => card.question);
      else found = questions.latest(guildId, 25);
      return found
        .filter((question) => question.number !== null && (!answerable || (question.status !== 'closed' && !question.locked)))
        .slice(0, 25)
        .map((question) => ({ name: choiceName(question, names, question.status === 'answered' ? ' ✅' : ''), value: question.number as number }));
    },

    /** The answers of a question, for an `answer` option (accept, moderation): valued by their number within it. */
    answerChoices(guildId: string, number: number | null, typed: string, viewer: QaActor, names: MentionNames = NO_NAMES): Choice[] {
      if (number === null) return [];
      const question = questions.byNumber(guildId, number);
      if (!question || !access.visibleTo(question, viewer) || question.deletedAt) return [];
      const needle = typed.trim().toLowerCase();
      return answers
        .forQuestion(question.id)
        .filter((answer) => !needle || answer.text.toLowerCase().includes(needle) || String(answer.number) === needle.replace(/^answer\s*/, ''))
        .slice(0, 25)
        .map((answer) => ({ name: plainLine(`Answer ${answer.number}${answer.id === question.acceptedAnswerId ? ' ✅' : ''} · ${answer.votes}▲ · ${answer.text}`, 100, names), value: answer.number }));
    },

    /** The accepted community answer whose question best matches `text`, if one matches well enough. */
    communityAnswer(guildId: string, text: string): CommunityAnswer | null {
      for (const hit of similarQuestions(questions, guildId, text, { limit: 5, threshold: similarThreshold, frequencies })) {
        const question = questions.byId(guildId, hit.questionId);
        if (!question || question.publication !== 'posted' || question.acceptedAnswerId === null) continue;
        const answer = answers.byId(guildId, question.acceptedAnswerId);
        if (!answer || answer.deletedAt) continue;
        return { question, answer: { ...answer, votes: answers.votes(answer.id) }, score: hit.similarity };
      }
      return null;
    },
  };
}

export type Finding = ReturnType<typeof createFinding>;
