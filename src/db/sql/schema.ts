import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them (the baseline in baseline.ts, plus later migrations). Dates are
 * ISO-8601 UTC text and flags 0/1 integers on both dialects. A converted store narrows its columns'
 * unions here (tips, announcements, the site's exclusions); the others follow as their stores move to Kysely.
 */
interface MetaTable {
  key: string;
  value: string;
}

interface GatewayIdentifyBucketsTable {
  application_id: string;
  bucket: number;
  shard_id: number | null;
  identified_at: string | null;
}

interface GatewayIdentifiesTable {
  application_id: string;
  shard_id: number;
  identified_at: string;
}

interface KbEntriesTable {
  rowid: Generated<number>;
  id: string;
  guild_id: string | null;
  title: string;
  summary: string;
  body: string;
  aliases: Generated<string>;
  tags: Generated<string>;
  related: Generated<string>;
  source_title: string | null;
  source_url: string | null;
  author_id: string | null;
  created_at: Generated<string>;
}

interface KbQuestionsTable {
  id: Generated<number>;
  guild_id: string | null;
  user_id: string;
  question: string;
  entry_id: string | null;
  score: number | null;
  created_at: string;
}

interface KbFeedbackTable {
  guild_id: Generated<string>;
  entry_id: string;
  user_id: string;
  helpful: number;
  created_at: string;
}

export interface TipSchedulesTable {
  guild_id: string;
  guild_name: string | null;
  channel_id: string;
  local_time: string;
  time_zone: string;
  days: 'daily' | 'weekdays';
  role_id: string | null;
  status: 'active' | 'paused' | 'disabled';
  pause_reason: string | null;
  next_post_at: string | null;
  next_local_date: string | null;
  set_up_by: string;
  created_at: string;
  updated_at: string;
}

interface TipSettingsAuditTable {
  id: Generated<number>;
  guild_id: string;
  actor_id: string;
  action: string;
  details: Generated<string>;
  created_at: string;
}

export interface TipPostsTable {
  guild_id: string;
  local_date: string;
  tip_id: string;
  nonce: string;
  state: 'claimed' | 'posted' | 'abandoned';
  attempts: Generated<number>;
  channel_id: string | null;
  message_id: string | null;
  claimed_at: string;
  posted_at: string | null;
  owner: string | null;
  lease_until: string | null;
}

interface TipSavedTable {
  user_id: string;
  tip_id: string;
  saved_at: string;
}

interface GuildSettingsTable {
  guild_id: string;
  moderator_role_id: string | null;
  updated_by: string;
  updated_at: string;
}

interface QaSettingsTable {
  guild_id: string;
  guild_name: string | null;
  channel_id: string | null;
  channel_kind: 'text' | 'forum' | null;
  review_anonymous: Generated<number>;
  question_limit: Generated<number>;
  answer_limit: Generated<number>;
  digest_channel_id: string | null;
  digest_set_up_by: string | null;
  digest_next_at: string | null;
  digest_week: string | null;
  digest_paused_reason: string | null;
  updated_by: string;
  updated_at: string;
  forum_tag_id: string | null;
  forum_tag_name: string | null;
  nudge_after_days: Generated<number | null>;
}

interface QaQuestionsTable {
  id: Generated<number>;
  guild_id: string;
  number: number | null;
  asker_id: string;
  anonymous: Generated<number>;
  text: string;
  search_terms: Generated<string>;
  status: Generated<string>;
  publication: string;
  locked: Generated<number>;
  deleted_at: string | null;
  merged_into: number | null;
  accepted_answer_id: number | null;
  accepted_at: string | null;
  closed_at: string | null;
  kb_question_id: number | null;
  kb_entry_id: string | null;
  channel_id: string;
  channel_kind: string;
  message_id: string | null;
  thread_id: string | null;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  version: Generated<number>;
  synced_version: Generated<number>;
  promoted_entry_id: string | null;
  created_at: string;
  updated_at: string;
  send_started_at: string | null;
  source_channel_id: string | null;
  source_message_id: string | null;
}

interface QaAnswersTable {
  id: Generated<number>;
  guild_id: string;
  question_id: number;
  author_id: string;
  text: string;
  deleted_at: string | null;
  delivery: Generated<string>;
  channel_id: string | null;
  message_id: string | null;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  version: Generated<number>;
  synced_version: Generated<number>;
  created_at: string;
  edited_at: string | null;
  send_started_at: string | null;
  number: Generated<number>;
  origin: Generated<string>;
}

interface QaVotesTable {
  guild_id: string;
  target: string;
  target_id: number;
  user_id: string;
  created_at: string;
}

interface QaFollowsTable {
  question_id: number;
  user_id: string;
  created_at: string;
}

interface QaNotifyOptoutsTable {
  guild_id: string;
  user_id: string;
  created_at: string;
}

interface QaNotificationsTable {
  answer_id: number;
  user_id: string;
  may_mention: Generated<number>;
  state: Generated<string>;
  created_at: string;
  sent_at: string | null;
}

interface QaDraftsTable {
  id: Generated<number>;
  guild_id: string;
  user_id: string;
  text: string;
  anonymous: number;
  channel_id: string;
  channel_kind: string;
  kb_question_id: number | null;
  kb_entry_id: string | null;
  question_id: number | null;
  created_at: string;
  source_channel_id: string | null;
  source_message_id: string | null;
  source_author_id: string | null;
}

interface QaAuditTable {
  id: Generated<number>;
  guild_id: string;
  actor_id: string;
  action: string;
  question_id: number | null;
  answer_id: number | null;
  details: Generated<string>;
  created_at: string;
}

interface QaDigestPostsTable {
  guild_id: string;
  week: string;
  nonce: string;
  state: 'claimed' | 'posted' | 'skipped' | 'abandoned';
  attempts: Generated<number>;
  channel_id: string | null;
  message_id: string | null;
  claimed_at: string;
  posted_at: string | null;
}

interface AnnouncementSettingsTable {
  guild_id: string;
  require_approval: number;
  updated_by: string;
  updated_at: string;
}

export interface AnnouncementsTable {
  id: Generated<number>;
  guild_id: string;
  author_id: string;
  channel_id: string;
  title: string | null;
  body: Generated<string>;
  revision: Generated<number>;
  ping: 'none' | 'role' | 'everyone';
  role_id: string | null;
  publish: number;
  post_at: string | null;
  time_zone: string | null;
  status: 'draft' | 'pending' | 'scheduled' | 'posting' | 'posted' | 'cancelled' | 'rejected' | 'missed' | 'failed';
  nonce: string | null;
  attempts: Generated<number>;
  claimed_at: string | null;
  message_id: string | null;
  posted_at: string | null;
  published: Generated<number>;
  approved_by: string | null;
  outcome_note: string | null;
  created_at: string;
  updated_at: string;
  text_author_id: Generated<string>;
  claim_owner: string | null;
  lease_until: string | null;
}

interface AnnouncementAuditTable {
  id: Generated<number>;
  guild_id: string;
  announcement_id: number;
  actor_id: string;
  action: 'created' | 'edited' | 'approved' | 'rejected' | 'posted' | 'cancelled' | 'missed' | 'failed';
  details: Generated<string>;
  created_at: string;
}

interface KbReviewSignalsTable {
  id: Generated<number>;
  guild_id: string;
  kind: 'miss' | 'near-miss' | 'unhelpful';
  question_id: number;
  question: string;
  entry_id: string | null;
  score: number | null;
  user_id: string;
  created_at: string;
  resolved_at: string | null;
  resolution: 'alias' | 'entry' | 'dismissed' | null;
}

interface KbGuildAliasesTable {
  guild_id: string;
  wording: string;
  phrase: string;
  entry_id: string;
  added_by: string;
  created_at: string;
}

interface QaForumSettingsTable {
  guild_id: string;
  forum_id: string | null;
  answered_tag_id: string | null;
  answered_tag_name: string | null;
  archive_after_minutes: number | null;
  updated_by: string;
  updated_at: string;
}

interface QaForumPostsTable {
  question_id: number;
  guild_id: string;
  thread_id: string;
  applied: 'unanswered' | 'answered' | null;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  activity_at: string | null;
  archived_at: string | null;
  archived_for: string | null;
  archive_next_at: string | null;
}

interface QaNudgesTable {
  question_id: number;
  guild_id: string;
  asker_id: string;
  state: Generated<'claimed' | 'sent' | 'undeliverable' | 'skipped'>;
  nonce: string;
  attempts: Generated<number>;
  claimed_at: string;
  channel_id: string | null;
  message_id: string | null;
  sent_at: string | null;
}

interface QaExpertTopicsTable {
  guild_id: string;
  user_id: string;
  topic: string;
  created_at: string;
}

interface QaExpertSettingsTable {
  guild_id: string;
  daily_limit: number;
  escalate_after_hours: number;
  updated_by: string;
  updated_at: string;
}

interface QaExpertRoutesTable {
  question_id: number;
  guild_id: string;
  topics: string;
  routed_at: string;
  escalate_at: string | null;
  escalated_at: string | null;
  escalation: string | null;
  escalation_post: string | null;
  escalation_nonce: string | null;
  escalation_message: string | null;
}

interface QaExpertNotificationsTable {
  question_id: number;
  user_id: string;
  guild_id: string;
  stage: string;
  day: string;
  nonce: string;
  state: Generated<string>;
  claimed_at: string;
  sent_at: string | null;
}

interface WebSitesTable {
  guild_id: string;
  slug: string;
  title: string;
  enabled: Generated<number>;
  changed_by: string;
  changed_at: string;
}

interface WebExclusionsTable {
  guild_id: string;
  kind: 'question' | 'entry';
  target: string;
  excluded_by: string;
  created_at: string;
}

interface WebPublicNamesTable {
  guild_id: string;
  user_id: string;
  name: string;
  created_at: string;
}
export interface DatabaseSchema {
  meta: MetaTable;
  gateway_identify_buckets: GatewayIdentifyBucketsTable;
  gateway_identifies: GatewayIdentifiesTable;
  kb_entries: KbEntriesTable;
  kb_questions: KbQuestionsTable;
  kb_feedback: KbFeedbackTable;
  tip_schedules: TipSchedulesTable;
  tip_settings_audit: TipSettingsAuditTable;
  tip_posts: TipPostsTable;
  tip_saved: TipSavedTable;
  guild_settings: GuildSettingsTable;
  qa_settings: QaSettingsTable;
  qa_questions: QaQuestionsTable;
  qa_answers: QaAnswersTable;
  qa_votes: QaVotesTable;
  qa_follows: QaFollowsTable;
  qa_notify_optouts: QaNotifyOptoutsTable;
  qa_notifications: QaNotificationsTable;
  qa_drafts: QaDraftsTable;
  qa_audit: QaAuditTable;
  qa_digest_posts: QaDigestPostsTable;
  announcement_settings: AnnouncementSettingsTable;
  announcements: AnnouncementsTable;
  announcement_audit: AnnouncementAuditTable;
  kb_review_signals: KbReviewSignalsTable;
  kb_guild_aliases: KbGuildAliasesTable;
  qa_forum_settings: QaForumSettingsTable;
  qa_forum_posts: QaForumPostsTable;
  qa_nudges: QaNudgesTable;
  qa_expert_topics: QaExpertTopicsTable;
  qa_expert_settings: QaExpertSettingsTable;
  qa_expert_routes: QaExpertRoutesTable;
  qa_expert_notifications: QaExpertNotificationsTable;
  web_sites: WebSitesTable;
  web_exclusions: WebExclusionsTable;
  web_public_names: WebPublicNamesTable;
}
