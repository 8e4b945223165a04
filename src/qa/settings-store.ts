import type { Db } from '../db/index.js';
import { DEFAULT_LIMITS, DEFAULT_NUDGE_AFTER_DAYS, type QaSettings } from './types.js';

type SettingsRow = Omit<QaSettings, 'reviewAnonymous'> & { reviewAnonymous: number };

const COLUMNS = `guild_id AS guildId, guild_name AS guildName, channel_id AS channelId, channel_kind AS channelKind,
  review_anonymous AS reviewAnonymous, question_limit AS questionLimit, answer_limit AS answerLimit,
  digest_channel_id AS digestChannelId, digest_set_up_by AS digestSetUpBy, digest_next_at AS digestNextAt,
  digest_week AS digestWeek, digest_paused_reason AS digestPausedReason, forum_tag_id AS forumTagId, forum_tag_name AS forumTagName,
  nudge_after_days AS nudgeAfterDays`;

/** SQL for each server's Q&A settings, the weekly digest's schedule included. */
export function createSettingsStore(db: Db) {
  const statements = {
    get: db.prepare<[string], SettingsRow>(`SELECT ${COLUMNS} FROM qa_settings WHERE guild_id = ?`),
    save: db.prepare<Omit<SettingsRow, never> & { updatedBy: string; updatedAt: string }>(
      `INSERT INTO qa_settings (guild_id, guild_name, channel_id, channel_kind, review_anonymous, question_limit, answer_limit,
                                digest_channel_id, digest_set_up_by, digest_next_at, digest_week, digest_paused_reason, forum_tag_id, forum_tag_name,
                                nudge_after_days, updated_by, updated_at)
       VALUES (@guildId, @guildName, @channelId, @channelKind, @reviewAnonymous, @questionLimit, @answerLimit,
               @digestChannelId, @digestSetUpBy, @digestNextAt, @digestWeek, @digestPausedReason, @forumTagId, @forumTagName,
               @nudgeAfterDays, @updatedBy, @updatedAt)
       ON CONFLICT (guild_id) DO UPDATE SET
         guild_name = excluded.guild_name, channel_id = excluded.channel_id, channel_kind = excluded.channel_kind,
         review_anonymous = excluded.review_anonymous, question_limit = excluded.question_limit, answer_limit = excluded.answer_limit,
         digest_channel_id = excluded.digest_channel_id, digest_set_up_by = excluded.digest_set_up_by,
         digest_next_at = excluded.digest_next_at, digest_week = excluded.digest_week,
         digest_paused_reason = excluded.digest_paused_reason, forum_tag_id = excluded.forum_tag_id, forum_tag_name = excluded.forum_tag_name,
         nudge_after_days = excluded.nudge_after_days,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ),
    rememberName: db.prepare<{ guildId: string; name: string }>('UPDATE qa_settings SET guild_name = @name WHERE guild_id = @guildId AND guild_name IS NOT @name'),
    dueDigests: db.prepare<[string], SettingsRow>(`SELECT ${COLUMNS} FROM qa_settings WHERE digest_next_at <= ? ORDER BY digest_next_at, guild_id`),
    nextDigest: db.prepare<[], { at: string | null }>('SELECT min(digest_next_at) AS at FROM qa_settings'),
    advanceDigest: db.prepare<{ guildId: string; fromWeek: string; nextAt: string; week: string }>(
      'UPDATE qa_settings SET digest_next_at = @nextAt, digest_week = @week WHERE guild_id = @guildId AND digest_week = @fromWeek',
    ),
    pauseDigest: db.prepare<[string, string]>(
      'UPDATE qa_settings SET digest_next_at = NULL, digest_week = NULL, digest_paused_reason = ? WHERE guild_id = ? AND digest_next_at IS NOT NULL',
    ),
  };

  const toSettings = (row: SettingsRow): QaSettings => ({ ...row, reviewAnonymous: row.reviewAnonymous === 1 });

  return {
    /** The server's settings, or the defaults when it never ran /qa setup. */
    get(guildId: string): QaSettings {
      const row = statements.get.get(guildId);
      return row ? toSettings(row) : defaultSettings(guildId);
    },
    save(settings: QaSettings, updatedBy: string, updatedAt: string): void {
      statements.save.run({ ...settings, reviewAnonymous: settings.reviewAnonymous ? 1 : 0, updatedBy, updatedAt });
    },
    rememberName: (guildId: string, name: string): void => {
      statements.rememberName.run({ guildId, name });
    },
    dueDigests: (now: string): QaSettings[] => statements.dueDigests.all(now).map(toSettings),
    nextDigestAt: (): string | null => statements.nextDigest.get()?.at ?? null,
    /** Moves the digest to its next week, only if it is still at `fromWeek` (a second tick does nothing). */
    advanceDigest: (guildId: string, fromWeek: string, next: { at: string; week: string }): void => {
      statements.advanceDigest.run({ guildId, fromWeek, nextAt: next.at, week: next.week });
    },
    /** True when this call paused it (so whoever set it up is told once). */
    pauseDigest: (guildId: string, reason: string): boolean => statements.pauseDigest.run(reason, guildId).changes === 1,
  };
}

function defaultSettings(guildId: string): QaSettings {
  return {
    guildId,
    guildName: null,
    channelId: null,
    channelKind: null,
    reviewAnonymous: false,
    questionLimit: DEFAULT_LIMITS.questions,
    answerLimit: DEFAULT_LIMITS.answers,
    digestChannelId: null,
    digestSetUpBy: null,
    digestNextAt: null,
    digestWeek: null,
    digestPausedReason: null,
    forumTagId: null,
    forumTagName: null,
    nudgeAfterDays: DEFAULT_NUDGE_AFTER_DAYS,
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
