import type { Clock } from '../core/clock.js';
import { MINUTE_MS } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Poster } from '../core/poster.js';
import { CarriedWork } from '../core/settle.js';
import type { Db } from '../db/index.js';
import { sqliteDatabase, type SqlDatabase } from '../db/sql/dialect.js';
import { NO_NAMES, type MentionNames } from '../discord/text.js';
import type { KnowledgeService } from '../knowledge/service.js';
import { createAnswerStore } from './answer-store.js';
import { createAnswering } from './answering.js';
import { createAsking } from './asking.js';
import { createAuditStore } from './audit-store.js';
import { createBackgroundWork } from './background.js';
import { createSettings } from './settings.js';
import { createDelivery } from './delivery.js';
import { createDigest, type TipsScheduleOf } from './digest.js';
import { createDigestStore } from './digest-store.js';
import { createEngagementStore } from './engagement-store.js';
import { createExpertStore } from './expert-store.js';
import { createExperts } from './experts.js';
import { createFinding } from './finding.js';
import { createForum } from './forum.js';
import { createForumStore } from './forum-store.js';
import { createForumTags } from './forum-tags.js';
import { createGoneMessages } from './gone.js';
import { createAccess } from './access.js';
import { createModeration } from './moderation.js';
import { createNotifications } from './notifications.js';
import { createNudgeStore } from './nudge-store.js';
import { createNudging } from './nudging.js';
import { createPromoting } from './promoting.js';
import { createQuestionStore } from './question-store.js';
import { createReportStore } from './report-store.js';
import { createReporting } from './reporting.js';
import { createSettingsStore } from './settings-store.js';
import { TermFrequencies } from './term-frequencies.js';
import { createQaTiming, inLineWithin } from './timing.js';
import { statementRunner, transactionRunner } from './transaction.js';
import { createVoting } from './voting.js';

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

export interface QaDependencies {
  /** The stores not yet on Kysely (SQLite; docs/postgres.md). */
  readonly db: Db;
  /** The converted stores' database, and the units of work every change runs in; by default Kysely over `db`. */
  readonly database?: SqlDatabase;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly poster: Poster;
  readonly knowledge: KnowledgeService;
  /** Whether this process serves a guild (its shard); the background job only works on its own. */
  readonly ownsGuild?: (guildId: string) => boolean;
  readonly tipsScheduleOf?: TipsScheduleOf;
  /** A server's names for the mentions in member text (the gateway's caches); without it, neutral placeholders. */
  readonly mentionNamesOf?: (guildId: string) => MentionNames;
  /** Whether a member is still in a server (no expert DM to, or nudge accept by, one who left); without it, everyone is. */
  readonly isMember?: (guildId: string, userId: string) => Promise<boolean>;
  readonly options?: Partial<QaOptions>;
}

/**
 * Community Q&A: members' questions and answers in SQLite, posted to Discord through the Poster.
 * Usable without discord.js: commands pass the acting member as `{ userId, moderator }` and the
 * server id from the interaction, and every lookup is confined to that server.
 *
 * The composition root: it builds the stores once and hands each unit only what that unit uses.
 * Callers reach a unit by name (`qa.asking.ask`, `qa.answering.accept`, `qa.moderation.close`).
 * Dependencies run one way — delivery and the "message gone" handling below every unit that changes
 * rows, nothing calls back up — and every transaction is opened by a unit through `transaction`.
 */
export function createQaService({ db, database = sqliteDatabase(db), clock, logger, poster, knowledge, ...rest }: QaDependencies) {
  const options = { ...DEFAULT_QA_OPTIONS, ...rest.options };
  const ownsGuild = rest.ownsGuild ?? (() => true);
  const questions = createQuestionStore(db);
  const answers = createAnswerStore(db);
  const engagement = createEngagementStore(db);
  const settingsStore = createSettingsStore(database);
  const audit = createAuditStore(database);
  const reports = createReportStore(database);
  const forums = createForumStore(database);
  const frequencies = new TermFrequencies(() => questions.allTerms());
  const transaction = transactionRunner(database);
  const run = statementRunner(database);
  const timing = createQaTiming(clock, options.handOffMs);
  const carried = new CarriedWork();
  const inLineSoon = inLineWithin(options.replyWithinMs, logger, carried);

  const access = createAccess({ questions, answers, engagement });
  const gone = createGoneMessages({ questions, answers, audit, knowledge, transaction, timing, logger });
  const forumTags = createForumTags({ forums, questions, settings: settingsStore, audit, poster, logger, timing, transaction, run });
  const delivery = createDelivery({ questions, answers, settings: settingsStore, audit, access, gone, forumTags, poster, logger, timing, transaction, run, mentionNamesOf: rest.mentionNamesOf ?? (() => NO_NAMES) });
  const forum = createForum({ forums, settings: settingsStore, questions, audit, delivery, poster, logger, timing, transaction, run, ownsGuild });
  const notifications = createNotifications({ engagement, questions, answers, settings: settingsStore, poster, logger, timing, run });
  const digest = createDigest({
    settings: settingsStore,
    digests: createDigestStore(database),
    reports,
    poster,
    logger,
    clock,
    transaction,
    run,
    tipsScheduleOf: rest.tipsScheduleOf ?? (() => Promise.resolve(null)),
    ownsGuild,
    concurrency: options.concurrency,
  });

  const answering = createAnswering({ questions, answers, settings: settingsStore, audit, access, delivery, notifications, transaction, run, timing, inLineSoon, windowMs: options.windowMs });
  const isMember = rest.isMember ?? (() => Promise.resolve(true));
  const nudging = createNudging({ questions, answers, nudges: createNudgeStore(database), settings: settingsStore, engagement, answering, poster, logger, timing, transaction, run, ownsGuild, concurrency: options.concurrency, isMember });
  const experts = createExperts({
    store: createExpertStore(db),
    questions,
    settings: settingsStore,
    audit,
    knowledge,
    poster,
    logger,
    timing,
    transaction,
    run,
    ownsGuild,
    isMember,
  });

  return {
    asking: createAsking({ questions, settings: settingsStore, engagement, audit, frequencies, knowledge, access, delivery, poster, logger, transaction, run, timing, options }),
    answering,
    nudging,
    voting: createVoting({ engagement, questions, answers, access, delivery, transaction, timing, inLineSoon }),
    moderation: createModeration({ questions, answers, engagement, audit, frequencies, knowledge, access, delivery, gone, poster, logger, transaction, run, timing, inLineSoon }),
    promoting: createPromoting({ questions, answers, audit, knowledge, access, transaction, timing }),
    finding: createFinding({ questions, answers, frequencies, access, similarThreshold: options.similarThreshold }),
    reporting: createReporting({ reports, knowledge, timing, run }),
    settings: createSettings({ settings: settingsStore, questions, audit, digest, transaction, run, timing }),
    forum,
    experts,
    background: createBackgroundWork({ questions, answers, engagement, delivery, notifications, digest, forum, nudging, experts, logger, timing, ownsGuild, draftTtlMs: options.draftTtlMs, carried }),
  };
}

export type QaService = ReturnType<typeof createQaService>;
