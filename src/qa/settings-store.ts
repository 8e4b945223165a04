import type { Selectable } from 'kysely';
import { all, changed, first, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import type { DatabaseSchema } from '../db/sql/schema.js';
import { DEFAULT_LIMITS, DEFAULT_NUDGE_AFTER_DAYS, type QaSettings } from './types.js';

type SettingsRow = Selectable<DatabaseSchema['qa_settings']>;

/** SQL for each server's Q&A settings, the weekly digest's schedule included, on SQLite and PostgreSQL alike. */
export function createSettingsStore({ kysely: db }: SqlDatabase) {
  const byGuild = (guildId: string) => db.selectFrom('qa_settings').selectAll().where('guild_id', '=', guildId);

  return {
    /** The server's settings, or the defaults when it never ran /qa setup. */
    *get(guildId: string): Work<QaSettings> {
      const row = yield* first(byGuild(guildId));
      return row ? toSettings(row) : defaultSettings(guildId);
    },

    *save(settings: QaSettings, updatedBy: string, updatedAt: string): Work<void> {
      const values = {
        guild_id: settings.guildId,
        guild_name: settings.guildName,
        channel_id: settings.channelId,
        channel_kind: settings.channelKind,
        review_anonymous: settings.reviewAnonymous ? 1 : 0,
        question_limit: settings.questionLimit,
        answer_limit: settings.answerLimit,
        digest_channel_id: settings.digestChannelId,
        digest_set_up_by: settings.digestSetUpBy,
        digest_next_at: settings.digestNextAt,
        digest_week: settings.digestWeek,
        digest_paused_reason: settings.digestPausedReason,
        forum_tag_id: settings.forumTagId,
        forum_tag_name: settings.forumTagName,
        nudge_after_days: settings.nudgeAfterDays,
        updated_by: updatedBy,
        updated_at: updatedAt,
      };
      const { guild_id: _key, ...changes } = values;
      yield* changed(db.insertInto('qa_settings').values(values).onConflict((conflict) => conflict.column('guild_id').doUpdateSet(changes)));
    },

    *rememberName(guildId: string, name: string): Work<void> {
      yield* changed(
        db
          .updateTable('qa_settings')
          .set({ guild_name: name })
          .where('guild_id', '=', guildId)
          .where((eb) => eb.or([eb('guild_name', 'is', null), eb('guild_name', '!=', name)])),
      );
    },

    *dueDigests(now: string): Work<QaSettings[]> {
      const rows = yield* all(db.selectFrom('qa_settings').selectAll().where('digest_next_at', '<=', now).orderBy('digest_next_at').orderBy('guild_id'));
      return rows.map(toSettings);
    },

    *nextDigestAt(): Work<string | null> {
      const row = yield* first(db.selectFrom('qa_settings').select((eb) => eb.fn.min('digest_next_at').as('at')));
      return row?.at ?? null;
    },

    /** Moves the digest to its next week, only if it is still at `fromWeek` (a second tick does nothing). */
    *advanceDigest(guildId: string, fromWeek: string, next: { at: string; week: string }): Work<void> {
      yield* changed(
        db.updateTable('qa_settings').set({ digest_next_at: next.at, digest_week: next.week }).where('guild_id', '=', guildId).where('digest_week', '=', fromWeek),
      );
    },

    /** True when this call paused it (so whoever set it up is told once). */
    *pauseDigest(guildId: string, reason: string): Work<boolean> {
      const paused = yield* changed(
        db
          .updateTable('qa_settings')
          .set({ digest_next_at: null, digest_week: null, digest_paused_reason: reason })
          .where('guild_id', '=', guildId)
          .where('digest_next_at', 'is not', null),
      );
      return paused === 1;
    },
  };
}

function toSettings(row: SettingsRow): QaSettings {
  return {
    guildId: row.guild_id,
    guildName: row.guild_name,
    channelId: row.channel_id,
    channelKind: row.channel_kind,
    reviewAnonymous: row.review_anonymous === 1,
    questionLimit: row.question_limit,
    answerLimit: row.answer_limit,
    digestChannelId: row.digest_channel_id,
    digestSetUpBy: row.digest_set_up_by,
    digestNextAt: row.digest_next_at,
    digestWeek: row.digest_week,
    digestPausedReason: row.digest_paused_reason,
    forumTagId: row.forum_tag_id,
    forumTagName: row.forum_tag_name,
    nudgeAfterDays: row.nudge_after_days,
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
