import { DAY_MS } from '../core/clock.js';
import type { KnowledgeService } from '../knowledge/service.js';
import { requireModerator } from './rules.js';
import type { QaTiming } from './timing.js';
import type { Run } from './transaction.js';
import type { Work } from '../db/sql/dialect.js';
import type { AnswerLine, ExportAnswerRow, ExportQuestionRow, HelperRow, QuestionLine, ReportStore } from './report-store.js';
import type { Period, QaActor } from './types.js';

export const PERIOD_DAYS: Record<Period, number | null> = { week: 7, month: 30, all: null };

export interface QaStats {
  readonly period: Period;
  readonly asked: number;
  /** Share of the period's questions with at least one answer, and with an accepted one (0–1). */
  readonly answeredShare: number;
  readonly acceptedShare: number;
  readonly medianFirstAnswerMs: number | null;
  readonly medianAcceptanceMs: number | null;
  readonly topics: { entryId: string; title: string; count: number }[];
  readonly unansweredOldest: QuestionLine[];
  /** All open questions without an answer (unansweredOldest shows the first few). */
  readonly unansweredCount: number;
}

export interface Profile {
  readonly userId: string;
  readonly reputation: HelperRow;
  readonly asked: number;
  /** Shown only to the member themself. */
  readonly askedAnonymously: number | null;
  readonly recentQuestions: QuestionLine[];
  readonly recentAnswers: AnswerLine[];
}

export interface QaExport {
  readonly guildId: string;
  readonly exportedAt: string;
  readonly questions: (ExportQuestionRow & { answers: ExportAnswerRow[] })[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The export of one server, straight from the database (also `npm run export`). */
export function* buildExport(reports: ReportStore, guildId: string, exportedAt: string): Work<QaExport> {
  const answersByQuestion = new Map<number, ExportAnswerRow[]>();
  for (const answer of yield* reports.exportAnswers(guildId)) {
    const list = answersByQuestion.get(answer.questionId) ?? [];
    list.push(answer);
    answersByQuestion.set(answer.questionId, list);
  }
  return {
    guildId,
    exportedAt,
    questions: (yield* reports.exportQuestions(guildId)).map((question) => ({ ...question, answers: answersByQuestion.get(question.id) ?? [] })),
  };
}

/** Leaderboard, profiles, stats and exports: reads only, all from the injected clock. */
export function createReporting({ reports, knowledge, timing, run }: { reports: ReportStore; knowledge: Pick<KnowledgeService, 'entry'>; timing: QaTiming; run: Run }) {

  /** The start of a period, as stored timestamps compare (ISO-8601 UTC); '' for all time. */
  const since = (period: Period): string => {
    const days = PERIOD_DAYS[period];
    return days === null ? '' : timing.ago(days * DAY_MS);
  };

  return {
    leaderboard: (guildId: string, period: Period, limit = 10): Promise<HelperRow[]> => run(() => reports.helpers(guildId, since(period), limit)),

    profile: (guildId: string, userId: string, viewerId: string): Promise<Profile> =>
      run(function* () {
        const self = userId === viewerId;
        const asked = yield* reports.askedBy(guildId, userId);
        return {
          userId,
          reputation: yield* reports.helper(guildId, userId, ''),
          // Anonymous questions never count in what others see, or they would point at their asker.
          asked: self ? asked.total : asked.total - asked.anonymous,
          askedAnonymously: self ? asked.anonymous : null,
          recentQuestions: yield* reports.recentAskedBy(guildId, userId, self, 5),
          recentAnswers: yield* reports.recentAnswersBy(guildId, userId, 5),
        };
      }),

    async stats(guildId: string, period: Period, actor: QaActor): Promise<QaStats> {
      requireModerator(actor);
      const from = since(period);
      const { timings, topics, unansweredOldest, unansweredCount } = await run(function* () {
        return {
          timings: yield* reports.timings(guildId, from),
          topics: yield* reports.topics(guildId, from, 5),
          unansweredOldest: yield* reports.unansweredOldest(guildId, '', 5),
          unansweredCount: yield* reports.countUnanswered(guildId, ''),
        };
      });
      const answered = timings.filter((timing) => timing.firstAnswerAt !== null);
      const accepted = timings.filter((timing) => timing.acceptedAt !== null);
      const elapsed = (from: string, to: string) => new Date(to).getTime() - new Date(from).getTime();
      return {
        period,
        asked: timings.length,
        answeredShare: timings.length === 0 ? 0 : answered.length / timings.length,
        acceptedShare: timings.length === 0 ? 0 : accepted.length / timings.length,
        medianFirstAnswerMs: median(answered.map((timing) => elapsed(timing.createdAt, timing.firstAnswerAt as string))),
        medianAcceptanceMs: median(accepted.map((timing) => elapsed(timing.createdAt, timing.acceptedAt as string))),
        topics: topics.map((topic) => ({ ...topic, title: knowledge.entry(topic.entryId, guildId)?.title ?? topic.entryId })),
        unansweredOldest,
        unansweredCount,
      };
    },

    /** Everything public about a server's Q&A; anonymous askers are left out (askerId null). */
    exportData: (guildId: string): Promise<QaExport> => run(() => buildExport(reports, guildId, timing.now())),
  };
}
