import type { Clock } from '../core/clock.js';
import { MINUTE_MS } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Poster } from '../core/poster.js';
import { settledWithin } from '../core/settle.js';
import type { Db } from '../db/index.js';
import type { KnowledgeService } from '../knowledge/service.js';
import { createAnswerStore } from './answer-store.js';
import { createAuditStore } from './audit-store.js';
import { createDigestStore } from './digest-store.js';
import { createEngagementStore } from './engagement-store.js';
import { createQuestionStore } from './question-store.js';
import { createReportStore } from './report-store.js';
import { createSettingsStore } from './settings-store.js';
import { TermFrequencies } from './term-frequencies.js';

interface QaOptions {
  /** The rate-limit window (the limits themselves are per server, /qa setup). */
  readonly windowMs: number;
  /** How long an interaction has to bring Discord in line before the background job takes over. */
  readonly handOffMs: number;
  /**
   * How long a member's click or form waits for Discord to show the change before being answered
   * from the database; the update carries on. A busy channel allows 5 edits per 5 s, and members
   * must not queue behind each other's upvotes.
   */
  readonly replyWithinMs: number;
  /** Dice overlap from which an earlier question counts as similar. */
  readonly similarThreshold: number;
  /** Undecided "Post mine anyway" drafts are forgotten after this. */
  readonly draftTtlMs: number;
  /** Servers the background job works on at once. */
  readonly concurrency: number;
}

const DEFAULT_QA_OPTIONS: QaOptions = {
  windowMs: 10 * MINUTE_MS,
  handOffMs: 30_000,
  replyWithinMs: 2_000,
  similarThreshold: 0.5,
  draftTtlMs: 60 * MINUTE_MS,
  concurrency: 10,
};

/** A server's tip schedule, whose zone (and time) the weekly digest follows. */
type TipsScheduleOf = (guildId: string) => { readonly zone: string; readonly time: string } | null;

export interface QaDependencies {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly poster: Poster;
  readonly knowledge: KnowledgeService;
  /** Whether this process serves a guild (its shard); the background job only works on its own. */
  readonly ownsGuild?: (guildId: string) => boolean;
  readonly tipsScheduleOf?: TipsScheduleOf;
  readonly options?: Partial<QaOptions>;
}

/** What every part of the Q&A service shares: the stores, the clock and Discord. */
export function createQaDeps(dependencies: QaDependencies) {
  const { db, clock, logger, poster, knowledge } = dependencies;
  const options = { ...DEFAULT_QA_OPTIONS, ...dependencies.options };
  const questions = createQuestionStore(db);
  return {
    db,
    clock,
    logger,
    poster,
    knowledge,
    options,
    ownsGuild: dependencies.ownsGuild ?? (() => true),
    tipsScheduleOf: dependencies.tipsScheduleOf ?? (() => null),
    questions,
    frequencies: new TermFrequencies(() => questions.allTerms()),
    answers: createAnswerStore(db),
    engagement: createEngagementStore(db),
    settings: createSettingsStore(db),
    audit: createAuditStore(db),
    reports: createReportStore(db),
    digests: createDigestStore(db),
    now: (): string => clock.now().toISOString(),
    /** When the background job picks up work an interaction may still be finishing. */
    handOffAt: (): string => new Date(clock.now().getTime() + options.handOffMs).toISOString(),
    /** Waits for Discord to be brought in line, at most `replyWithinMs`; what is left finishes in the background (or the job retries it). */
    inLineSoon: async (work: Promise<unknown>): Promise<void> => {
      const carried = work.catch((error: unknown) => logger.warn({ err: error }, 'Q&A: bringing Discord in line failed; the background job retries'));
      await settledWithin(carried, options.replyWithinMs);
    },
    ago: (ms: number): string => new Date(clock.now().getTime() - ms).toISOString(),
  };
}

export type QaDeps = ReturnType<typeof createQaDeps>;
