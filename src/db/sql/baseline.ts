import { sql, type ColumnDefinitionBuilder, type Compilable, type CreateTableBuilder, type Kysely, type RawBuilder } from 'kysely';
import type { SqlDialect } from './dialect.js';

/**
 * The schema of a fresh database, for both dialects: what the legacy .sql chain (src/db/migrations,
 * frozen; it only upgrades existing SQLite files) produces at BASELINE_VERSION. A test builds both on
 * SQLite and compares tables, columns, types, constraints and indexes, so the two cannot drift.
 * Dates stay ISO-8601 UTC text and flags stay 0/1 integers on PostgreSQL too, so every query reads
 * the same on both.
 */
export const BASELINE_VERSION = 17;

/** A schema statement: a Kysely builder, or raw SQL where Kysely has no builder (SQLite's FTS5 tables). */
export type SchemaStatement = Compilable | RawBuilder<unknown>;

export function baselineStatements(db: Kysely<unknown>, dialect: SqlDialect): SchemaStatement[] {
  const { schema } = db;
  const types = columnTypes(dialect);
  return [
    schema.createTable('meta')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createTable('kb_entries')
      .addColumn('rowid', 'integer', types.generatedKey)
      .addColumn('id', 'text', (col) => col.notNull())
      .addColumn('guild_id', 'text')
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('summary', 'text', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('aliases', 'text', (col) => col.notNull().defaultTo('[]'))
      .addColumn('tags', 'text', (col) => col.notNull().defaultTo('[]'))
      .addColumn('related', 'text', (col) => col.notNull().defaultTo('[]'))
      .addColumn('source_title', 'text')
      .addColumn('source_url', 'text')
      .addColumn('author_id', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull().defaultTo(types.now))
      .$call(tableOptions(dialect)),
    schema.createIndex('kb_entries_scope_id').unique().on('kb_entries').expression(sql`coalesce(guild_id, ''), id`),
    // Full-text search is SQLite's FTS5 here; PostgreSQL gets tsvector columns when Q&A and the knowledge base move over.
    ...sqliteOnly(dialect, sql`CREATE VIRTUAL TABLE kb_fts USING fts5(title, aliases, tags, summary, body, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2')`),
    schema.createTable('kb_questions')
      .addColumn('id', 'integer', types.generatedKey)
      .addColumn('guild_id', 'text')
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('question', 'text', (col) => col.notNull())
      .addColumn('entry_id', 'text')
      .addColumn('score', types.real)
      .addColumn('created_at', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createIndex('kb_questions_guild_time').on('kb_questions').columns(['guild_id', 'created_at']),
    schema.createTable('kb_feedback')
      .addColumn('guild_id', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('entry_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('helpful', 'integer', (col) => col.notNull().check(sql`helpful IN (0, 1)`))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('kb_feedback_pkey', ['guild_id', 'entry_id', 'user_id'])
      .$call(tableOptions(dialect)),
    schema.createTable('tip_schedules')
      .addColumn('guild_id', 'text', (col) => col.primaryKey())
      .addColumn('guild_name', 'text')
      .addColumn('channel_id', 'text', (col) => col.notNull())
      .addColumn('local_time', 'text', (col) => col.notNull())
      .addColumn('time_zone', 'text', (col) => col.notNull())
      .addColumn('days', 'text', (col) => col.notNull().check(sql`days IN ('daily', 'weekdays')`))
      .addColumn('role_id', 'text')
      .addColumn('status', 'text', (col) => col.notNull().check(sql`status IN ('active', 'paused', 'disabled')`))
      .addColumn('pause_reason', 'text')
      .addColumn('next_post_at', 'text')
      .addColumn('next_local_date', 'text')
      .addColumn('set_up_by', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addCheckConstraint('tip_schedules_rule1', sql`(status = 'active') = (next_post_at IS NOT NULL AND next_local_date IS NOT NULL)`)
      .$call(tableOptions(dialect)),
    schema.createIndex('tip_schedules_due').on('tip_schedules').columns(['next_post_at']).where(sql<boolean>`status = 'active'`),
    schema.createTable('tip_settings_audit')
      .addColumn('id', 'integer', types.generatedKey)
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('actor_id', 'text', (col) => col.notNull())
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('details', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createIndex('tip_settings_audit_guild').on('tip_settings_audit').columns(['guild_id', 'id']),
    schema.createTable('tip_posts')
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('local_date', 'text', (col) => col.notNull())
      .addColumn('tip_id', 'text', (col) => col.notNull())
      .addColumn('nonce', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull().check(sql`state IN ('claimed', 'posted', 'abandoned')`))
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(1))
      .addColumn('channel_id', 'text')
      .addColumn('message_id', 'text')
      .addColumn('claimed_at', 'text', (col) => col.notNull())
      .addColumn('posted_at', 'text')
      .addPrimaryKeyConstraint('tip_posts_pkey', ['guild_id', 'local_date'])
      .addCheckConstraint('tip_posts_rule1', sql`(state = 'posted') = (message_id IS NOT NULL)`)
      .$call(tableOptions(dialect)),
    schema.createIndex('tip_posts_rotation').on('tip_posts').columns(['guild_id', 'tip_id']).where(sql<boolean>`state = 'posted'`),
    schema.createTable('tip_saved')
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('tip_id', 'text', (col) => col.notNull())
      .addColumn('saved_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('tip_saved_pkey', ['user_id', 'tip_id'])
      .$call(tableOptions(dialect)),
    schema.createTable('guild_settings')
      .addColumn('guild_id', 'text', (col) => col.primaryKey())
      .addColumn('moderator_role_id', 'text')
      .addColumn('updated_by', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createTable('qa_settings')
      .addColumn('guild_id', 'text', (col) => col.primaryKey())
      .addColumn('guild_name', 'text')
      .addColumn('channel_id', 'text')
      .addColumn('channel_kind', 'text', (col) => col.check(sql`channel_kind IN ('text', 'forum')`))
      .addColumn('review_anonymous', 'integer', (col) => col.notNull().defaultTo(0).check(sql`review_anonymous IN (0, 1)`))
      .addColumn('question_limit', 'integer', (col) => col.notNull().defaultTo(5).check(sql`question_limit > 0`))
      .addColumn('answer_limit', 'integer', (col) => col.notNull().defaultTo(20).check(sql`answer_limit > 0`))
      .addColumn('digest_channel_id', 'text')
      .addColumn('digest_set_up_by', 'text')
      .addColumn('digest_next_at', 'text')
      .addColumn('digest_week', 'text')
      .addColumn('digest_paused_reason', 'text')
      .addColumn('updated_by', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addColumn('forum_tag_id', 'text', (col) => col.check(sql`forum_tag_id IS NULL OR channel_kind = 'forum'`))
      .addColumn('forum_tag_name', 'text', (col) => col.check(sql`(forum_tag_name IS NULL) = (forum_tag_id IS NULL)`))
      .addColumn('nudge_after_days', 'integer', (col) => col.defaultTo(3).check(sql`nudge_after_days IS NULL OR nudge_after_days BETWEEN 1 AND 60`))
      .addCheckConstraint('qa_settings_rule1', sql`(channel_id IS NULL) = (channel_kind IS NULL)`)
      .addCheckConstraint('qa_settings_rule2', sql`(digest_next_at IS NULL) = (digest_week IS NULL)`)
      .$call(tableOptions(dialect)),
    schema.createIndex('qa_settings_digest_due').on('qa_settings').columns(['digest_next_at']).where(sql<boolean>`digest_next_at IS NOT NULL`),
    schema.createTable('qa_questions')
      .addColumn('id', 'integer', types.generatedKey)
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('number', 'integer')
      .addColumn('asker_id', 'text', (col) => col.notNull())
      .addColumn('anonymous', 'integer', (col) => col.notNull().defaultTo(0).check(sql`anonymous IN (0, 1)`))
      .addColumn('text', 'text', (col) => col.notNull())
      .addColumn('search_terms', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('open').check(sql`status IN ('open', 'answered', 'closed')`))
      .addColumn('publication', 'text', (col) => col.notNull().check(sql`publication IN ('review', 'pending', 'posted', 'rejected')`))
      .addColumn('locked', 'integer', (col) => col.notNull().defaultTo(0).check(sql`locked IN (0, 1)`))
      .addColumn('deleted_at', 'text')
      .addColumn('merged_into', 'integer', (col) => col.references('qa_questions.id'))
      .addColumn('accepted_answer_id', 'integer')
      .addColumn('accepted_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('kb_question_id', 'integer')
      .addColumn('kb_entry_id', 'text')
      .addColumn('channel_id', 'text', (col) => col.notNull())
      .addColumn('channel_kind', 'text', (col) => col.notNull().check(sql`channel_kind IN ('text', 'forum', 'thread')`))
      .addColumn('message_id', 'text')
      .addColumn('thread_id', 'text')
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
      .addColumn('synced_version', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('promoted_entry_id', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addColumn('send_started_at', 'text')
      .addColumn('source_channel_id', 'text')
      .addColumn('source_message_id', 'text', (col) => col.check(sql`(source_message_id IS NULL) = (source_channel_id IS NULL)`))
      .addCheckConstraint('qa_questions_rule1', sql`(publication = 'review') = (number IS NULL) OR publication = 'rejected'`)
      .addCheckConstraint('qa_questions_rule2', sql`(status = 'answered') = (accepted_answer_id IS NOT NULL) OR status = 'closed'`)
      .$call(tableOptions(dialect)),
    schema.createIndex('qa_questions_number').unique().on('qa_questions').columns(['guild_id', 'number']),
    schema.createIndex('qa_questions_asker').on('qa_questions').columns(['guild_id', 'asker_id', 'created_at']),
    schema.createIndex('qa_questions_guild_time').on('qa_questions').columns(['guild_id', 'created_at']),
    schema.createIndex('qa_questions_work').on('qa_questions').columns(['next_attempt_at']).where(sql<boolean>`next_attempt_at IS NOT NULL`),
    schema.createIndex('qa_questions_message').on('qa_questions').columns(['message_id']).where(sql<boolean>`message_id IS NOT NULL`),
    schema.createIndex('qa_questions_thread').on('qa_questions').columns(['thread_id']).where(sql<boolean>`thread_id IS NOT NULL`),
    schema.createIndex('qa_questions_review').on('qa_questions').columns(['guild_id', 'id']).where(sql<boolean>`publication = 'review' AND deleted_at IS NULL`),
    schema.createIndex('qa_questions_source').unique().on('qa_questions').columns(['guild_id', 'source_message_id']).where(sql<boolean>`source_message_id IS NOT NULL`),
    schema.createTable('qa_answers')
      .addColumn('id', 'integer', types.generatedKey)
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('question_id', 'integer', (col) => col.notNull().references('qa_questions.id'))
      .addColumn('author_id', 'text', (col) => col.notNull())
      .addColumn('text', 'text', (col) => col.notNull())
      .addColumn('deleted_at', 'text')
      .addColumn('delivery', 'text', (col) => col.notNull().defaultTo('pending').check(sql`delivery IN ('pending', 'posted')`))
      .addColumn('channel_id', 'text')
      .addColumn('message_id', 'text')
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
      .addColumn('synced_version', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('edited_at', 'text')
      .addColumn('send_started_at', 'text')
      .addColumn('number', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('origin', 'text', (col) => col.notNull().defaultTo('form').check(sql`origin IN ('form', 'message')`))
      .addCheckConstraint('qa_answers_rule1', sql`(delivery = 'posted') = (message_id IS NOT NULL)`)
      .$call(tableOptions(dialect)),
    schema.createIndex('qa_answers_question').on('qa_answers').columns(['question_id', 'id']),
    schema.createIndex('qa_answers_author').on('qa_answers').columns(['guild_id', 'author_id', 'created_at']),
    schema.createIndex('qa_answers_guild_time').on('qa_answers').columns(['guild_id', 'created_at']),
    schema.createIndex('qa_answers_work').on('qa_answers').columns(['next_attempt_at']).where(sql<boolean>`next_attempt_at IS NOT NULL`),
    schema.createIndex('qa_answers_message').on('qa_answers').columns(['message_id']).where(sql<boolean>`message_id IS NOT NULL`),
    schema.createIndex('qa_answers_number').unique().on('qa_answers').columns(['question_id', 'number']),
    schema.createIndex('qa_answers_origin_message').unique().on('qa_answers').columns(['guild_id', 'message_id']).where(sql<boolean>`origin = 'message'`),
    schema.createTable('qa_votes')
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('target', 'text', (col) => col.notNull().check(sql`target IN ('question', 'answer')`))
      .addColumn('target_id', 'integer', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('qa_votes_pkey', ['target', 'target_id', 'user_id'])
      .$call(tableOptions(dialect, 'without rowid')),
    schema.createIndex('qa_votes_guild_time').on('qa_votes').columns(['guild_id', 'target', 'created_at']),
    schema.createTable('qa_follows')
      .addColumn('question_id', 'integer', (col) => col.notNull().references('qa_questions.id'))
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('qa_follows_pkey', ['question_id', 'user_id'])
      .$call(tableOptions(dialect, 'without rowid')),
    schema.createTable('qa_notify_optouts')
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('qa_notify_optouts_pkey', ['guild_id', 'user_id'])
      .$call(tableOptions(dialect, 'without rowid')),
    schema.createTable('qa_notifications')
      .addColumn('answer_id', 'integer', (col) => col.notNull().references('qa_answers.id'))
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('may_mention', 'integer', (col) => col.notNull().defaultTo(1).check(sql`may_mention IN (0, 1)`))
      .addColumn('state', 'text', (col) => col.notNull().defaultTo('queued').check(sql`state IN ('queued', 'sending', 'sent', 'mentioned', 'failed')`))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('sent_at', 'text')
      .addPrimaryKeyConstraint('qa_notifications_pkey', ['answer_id', 'user_id'])
      .$call(tableOptions(dialect, 'without rowid')),
    schema.createIndex('qa_notifications_queued').on('qa_notifications').columns(['answer_id']).where(sql<boolean>`state = 'queued'`),
    schema.createTable('qa_drafts')
      .addColumn('id', 'integer', types.generatedKey)
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('text', 'text', (col) => col.notNull())
      .addColumn('anonymous', 'integer', (col) => col.notNull().check(sql`anonymous IN (0, 1)`))
      .addColumn('channel_id', 'text', (col) => col.notNull())
      .addColumn('channel_kind', 'text', (col) => col.notNull().check(sql`channel_kind IN ('text', 'forum', 'thread')`))
      .addColumn('kb_question_id', 'integer')
      .addColumn('kb_entry_id', 'text')
      .addColumn('question_id', 'integer', (col) => col.references('qa_questions.id'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('source_channel_id', 'text')
      .addColumn('source_message_id', 'text')
      .addColumn('source_author_id', 'text')
      .$call(tableOptions(dialect)),
    schema.createIndex('qa_drafts_age').on('qa_drafts').columns(['created_at']),
    schema.createTable('qa_audit')
      .addColumn('id', 'integer', types.generatedKey)
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('actor_id', 'text', (col) => col.notNull())
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('question_id', 'integer')
      .addColumn('answer_id', 'integer')
      .addColumn('details', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createIndex('qa_audit_guild').on('qa_audit').columns(['guild_id', 'id']),
    schema.createIndex('qa_audit_question').on('qa_audit').columns(['question_id', 'id']),
    schema.createTable('qa_digest_posts')
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('week', 'text', (col) => col.notNull())
      .addColumn('nonce', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull().check(sql`state IN ('claimed', 'posted', 'skipped', 'abandoned')`))
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(1))
      .addColumn('channel_id', 'text')
      .addColumn('message_id', 'text')
      .addColumn('claimed_at', 'text', (col) => col.notNull())
      .addColumn('posted_at', 'text')
      .addPrimaryKeyConstraint('qa_digest_posts_pkey', ['guild_id', 'week'])
      .addCheckConstraint('qa_digest_posts_rule1', sql`(state = 'posted') = (message_id IS NOT NULL)`)
      .$call(tableOptions(dialect)),
    ...sqliteOnly(dialect, sql`CREATE VIRTUAL TABLE qa_question_fts USING fts5(scope, question, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')`),
    ...sqliteOnly(dialect, sql`CREATE VIRTUAL TABLE qa_answer_fts USING fts5(scope, answers, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2')`),
    schema.createTable('announcement_settings')
      .addColumn('guild_id', 'text', (col) => col.primaryKey())
      .addColumn('require_approval', 'integer', (col) => col.notNull().check(sql`require_approval IN (0, 1)`))
      .addColumn('updated_by', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createTable('announcements')
      .addColumn('id', 'integer', types.generatedKey)
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('author_id', 'text', (col) => col.notNull())
      .addColumn('channel_id', 'text', (col) => col.notNull())
      .addColumn('title', 'text')
      .addColumn('body', 'text', (col) => col.notNull().defaultTo(''))
      .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('ping', 'text', (col) => col.notNull().check(sql`ping IN ('none', 'role', 'everyone')`))
      .addColumn('role_id', 'text')
      .addColumn('publish', 'integer', (col) => col.notNull().check(sql`publish IN (0, 1)`))
      .addColumn('post_at', 'text')
      .addColumn('time_zone', 'text')
      .addColumn('status', 'text', (col) => col.notNull().check(sql`status IN ('draft', 'pending', 'scheduled', 'posting', 'posted', 'cancelled', 'rejected', 'missed', 'failed')`))
      .addColumn('nonce', 'text')
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('claimed_at', 'text')
      .addColumn('message_id', 'text')
      .addColumn('posted_at', 'text')
      .addColumn('published', 'integer', (col) => col.notNull().defaultTo(0).check(sql`published IN (0, 1)`))
      .addColumn('approved_by', 'text')
      .addColumn('outcome_note', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addColumn('text_author_id', 'text', (col) => col.notNull().defaultTo(''))
      .addCheckConstraint('announcements_rule1', sql`(ping = 'role') = (role_id IS NOT NULL)`)
      .addCheckConstraint('announcements_rule2', sql`(status = 'posted') = (message_id IS NOT NULL)`)
      .addCheckConstraint('announcements_rule3', sql`status <> 'posting' OR (nonce IS NOT NULL AND post_at IS NOT NULL)`)
      .addCheckConstraint('announcements_rule4', sql`status <> 'scheduled' OR post_at IS NOT NULL`)
      .$call(tableOptions(dialect)),
    schema.createIndex('announcements_due').on('announcements').columns(['post_at']).where(sql<boolean>`status IN ('pending', 'scheduled', 'posting')`),
    schema.createIndex('announcements_guild').on('announcements').columns(['guild_id', 'status', 'id']),
    schema.createIndex('announcements_drafts').on('announcements').columns(['updated_at']).where(sql<boolean>`status = 'draft'`),
    schema.createTable('announcement_audit')
      .addColumn('id', 'integer', types.generatedKey)
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('announcement_id', 'integer', (col) => col.notNull().references('announcements.id'))
      .addColumn('actor_id', 'text', (col) => col.notNull())
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('details', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createIndex('announcement_audit_guild').on('announcement_audit').columns(['guild_id', 'id']),
    schema.createIndex('announcement_audit_announcement').on('announcement_audit').columns(['announcement_id', 'id']),
    schema.createTable('kb_review_signals')
      .addColumn('id', 'integer', types.generatedKey)
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind IN ('miss', 'near-miss', 'unhelpful')`))
      .addColumn('question_id', 'integer', (col) => col.notNull())
      .addColumn('question', 'text', (col) => col.notNull())
      .addColumn('entry_id', 'text')
      .addColumn('score', types.real)
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('resolution', 'text', (col) => col.check(sql`resolution IN ('alias', 'entry', 'dismissed')`))
      .addCheckConstraint('kb_review_signals_rule1', sql`(resolved_at IS NULL) = (resolution IS NULL)`)
      .$call(tableOptions(dialect)),
    schema.createIndex('kb_review_signals_open').on('kb_review_signals').columns(['guild_id', 'resolved_at', 'id']),
    schema.createIndex('kb_review_signals_vote').unique().on('kb_review_signals').columns(['guild_id', 'question_id', 'user_id']).where(sql<boolean>`kind = 'unhelpful'`),
    schema.createTable('kb_guild_aliases')
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('wording', 'text', (col) => col.notNull())
      .addColumn('phrase', 'text', (col) => col.notNull())
      .addColumn('entry_id', 'text', (col) => col.notNull())
      .addColumn('added_by', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('kb_guild_aliases_pkey', ['guild_id', 'wording'])
      .$call(tableOptions(dialect)),
    schema.createTable('qa_forum_settings')
      .addColumn('guild_id', 'text', (col) => col.primaryKey())
      .addColumn('forum_id', 'text')
      .addColumn('answered_tag_id', 'text', (col) => col.check(sql`answered_tag_id IS NULL OR forum_id IS NOT NULL`))
      .addColumn('answered_tag_name', 'text', (col) => col.check(sql`(answered_tag_name IS NULL) = (answered_tag_id IS NULL)`))
      .addColumn('archive_after_minutes', 'integer', (col) => col.check(sql`archive_after_minutes IS NULL OR archive_after_minutes BETWEEN 60 AND 43200`))
      .addColumn('updated_by', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createTable('qa_forum_posts')
      .addColumn('question_id', 'integer', (col) => col.primaryKey().references('qa_questions.id'))
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('thread_id', 'text', (col) => col.notNull())
      .addColumn('applied', 'text', (col) => col.check(sql`applied IN ('unanswered', 'answered')`))
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('activity_at', 'text')
      .addColumn('archived_at', 'text')
      .addColumn('archived_for', 'text')
      .addColumn('archive_next_at', 'text')
      .$call(tableOptions(dialect)),
    schema.createIndex('qa_forum_posts_thread').unique().on('qa_forum_posts').columns(['thread_id']),
    schema.createIndex('qa_forum_posts_work').on('qa_forum_posts').columns(['next_attempt_at']).where(sql<boolean>`next_attempt_at IS NOT NULL`),
    schema.createTable('qa_nudges')
      .addColumn('question_id', 'integer', (col) => col.primaryKey().references('qa_questions.id'))
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('asker_id', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull().defaultTo('claimed').check(sql`state IN ('claimed', 'sent', 'undeliverable', 'skipped')`))
      .addColumn('nonce', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(1))
      .addColumn('claimed_at', 'text', (col) => col.notNull())
      .addColumn('channel_id', 'text')
      .addColumn('message_id', 'text')
      .addColumn('sent_at', 'text')
      .$call(tableOptions(dialect)),
    schema.createIndex('qa_nudges_claimed').on('qa_nudges').columns(['guild_id']).where(sql<boolean>`state = 'claimed'`),
    schema.createTable('qa_expert_topics')
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('topic', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('qa_expert_topics_pkey', ['guild_id', 'user_id', 'topic'])
      .$call(tableOptions(dialect, 'without rowid')),
    schema.createIndex('qa_expert_topics_topic').on('qa_expert_topics').columns(['guild_id', 'topic']),
    schema.createTable('qa_expert_settings')
      .addColumn('guild_id', 'text', (col) => col.primaryKey())
      .addColumn('daily_limit', 'integer', (col) => col.notNull().check(sql`daily_limit BETWEEN 1 AND 50`))
      .addColumn('escalate_after_hours', 'integer', (col) => col.notNull().check(sql`escalate_after_hours BETWEEN 0 AND 720`))
      .addColumn('updated_by', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createTable('qa_expert_routes')
      .addColumn('question_id', 'integer', (col) => col.primaryKey().references('qa_questions.id'))
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('topics', 'text', (col) => col.notNull())
      .addColumn('routed_at', 'text', (col) => col.notNull())
      .addColumn('escalate_at', 'text')
      .addColumn('escalated_at', 'text')
      .addColumn('escalation', 'text', (col) => col.check(sql`escalation IN ('experts', 'moderators', 'nobody', 'not-needed', 'before-routing')`))
      .addColumn('escalation_post', 'text', (col) => col.check(sql`escalation_post IN ('claimed', 'sent', 'failed')`))
      .addColumn('escalation_nonce', 'text')
      .addColumn('escalation_message', 'text')
      .addCheckConstraint('qa_expert_routes_rule1', sql`(escalated_at IS NULL) = (escalation IS NULL)`)
      .$call(tableOptions(dialect)),
    schema.createIndex('qa_expert_routes_escalate').on('qa_expert_routes').columns(['escalate_at']).where(sql<boolean>`escalated_at IS NULL AND escalate_at IS NOT NULL`),
    schema.createIndex('qa_expert_routes_posting').on('qa_expert_routes').columns(['guild_id']).where(sql<boolean>`escalation_post = 'claimed'`),
    schema.createTable('qa_expert_notifications')
      .addColumn('question_id', 'integer', (col) => col.notNull().references('qa_questions.id'))
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('stage', 'text', (col) => col.notNull().check(sql`stage IN ('new', 'escalation')`))
      .addColumn('day', 'text', (col) => col.notNull())
      .addColumn('nonce', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull().defaultTo('claimed').check(sql`state IN ('claimed', 'sent', 'failed')`))
      .addColumn('claimed_at', 'text', (col) => col.notNull())
      .addColumn('sent_at', 'text')
      .addPrimaryKeyConstraint('qa_expert_notifications_pkey', ['question_id', 'user_id'])
      .$call(tableOptions(dialect, 'without rowid')),
    schema.createIndex('qa_expert_notifications_member').on('qa_expert_notifications').columns(['guild_id', 'user_id', 'day']),
    schema.createIndex('qa_expert_notifications_claimed').on('qa_expert_notifications').columns(['claimed_at']).where(sql<boolean>`state = 'claimed'`),
    schema.createTable('web_sites')
      .addColumn('guild_id', 'text', (col) => col.primaryKey())
      .addColumn('slug', 'text', (col) => col.notNull().unique().check(sql`length(slug) BETWEEN 2 AND 40`))
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('enabled', 'integer', (col) => col.notNull().defaultTo(0).check(sql`enabled IN (0, 1)`))
      .addColumn('changed_by', 'text', (col) => col.notNull())
      .addColumn('changed_at', 'text', (col) => col.notNull())
      .$call(tableOptions(dialect)),
    schema.createTable('web_exclusions')
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind IN ('question', 'entry')`))
      .addColumn('target', 'text', (col) => col.notNull())
      .addColumn('excluded_by', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('web_exclusions_pkey', ['guild_id', 'kind', 'target'])
      .$call(tableOptions(dialect, 'without rowid')),
    schema.createTable('web_public_names')
      .addColumn('guild_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('web_public_names_pkey', ['guild_id', 'user_id'])
      .$call(tableOptions(dialect, 'without rowid')),

  ];
}

function columnTypes(dialect: SqlDialect) {
  const postgres = dialect === 'postgres';
  return {
    /** A generated integer key: SQLite's rowid alias, a PostgreSQL identity column (explicit ids still allowed). */
    generatedKey: (column: ColumnDefinitionBuilder) => (postgres ? column.generatedByDefaultAsIdentity().primaryKey() : column.primaryKey()),
    real: postgres ? ('double precision' as const) : ('real' as const),
    now: postgres
      ? sql`(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`
      : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  };
}

/** SQLite tables are STRICT (types enforced as PostgreSQL does), some WITHOUT ROWID; PostgreSQL has no such options. */
function tableOptions(dialect: SqlDialect, withoutRowid?: 'without rowid') {
  return <T extends CreateTableBuilder<string, string>>(table: T): T =>
    dialect === 'sqlite' ? (table.modifyEnd(sql.raw(withoutRowid ? 'strict, without rowid' : 'strict')) as T) : table;
}

function sqliteOnly(dialect: SqlDialect, statement: SchemaStatement): SchemaStatement[] {
  return dialect === 'sqlite' ? [statement] : [];
}
