/** Community Q&A as the services see it: plain data, no discord.js. */

export type QuestionStatus = 'open' | 'answered' | 'closed';
/** review: waits for a moderator; pending: stored, not yet on Discord; posted; rejected. */
export type Publication = 'review' | 'pending' | 'posted' | 'rejected';
/** Where a question lives on Discord: a message + its thread, a forum post, or a message inside a thread. */
export type ChannelKind = 'text' | 'forum' | 'thread';
export type Period = 'week' | 'month' | 'all';

export interface Question {
  readonly id: number;
  readonly guildId: string;
  /** #N in its server; null while waiting for review. */
  readonly number: number | null;
  /** Stored for anonymous questions too (rate limits, moderation); never rendered for them. */
  readonly askerId: string;
  readonly anonymous: boolean;
  readonly text: string;
  readonly status: QuestionStatus;
  readonly publication: Publication;
  readonly locked: boolean;
  readonly deletedAt: string | null;
  readonly mergedInto: number | null;
  readonly acceptedAnswerId: number | null;
  readonly acceptedAt: string | null;
  readonly closedAt: string | null;
  readonly kbQuestionId: number | null;
  readonly kbEntryId: string | null;
  readonly channelId: string;
  readonly channelKind: ChannelKind;
  readonly messageId: string | null;
  readonly threadId: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly version: number;
  readonly syncedVersion: number;
  readonly promotedEntryId: string | null;
  /** "Track as a question": the member's message it was made from (its author is the asker). */
  readonly sourceChannelId: string | null;
  readonly sourceMessageId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Answer {
  readonly id: number;
  readonly guildId: string;
  readonly questionId: number;
  /** 1, 2, 3 … within its question, as members see and type it; deleted answers keep theirs. */
  readonly number: number;
  readonly authorId: string;
  readonly text: string;
  readonly deletedAt: string | null;
  readonly delivery: 'pending' | 'posted';
  /**
   * form: written through the bot's Answer form and posted by the bot; message: a member's own
   * message marked with "Mark as answer" (channelId/messageId name it; the bot never edits or deletes it).
   */
  readonly origin: 'form' | 'message';
  readonly channelId: string | null;
  readonly messageId: string | null;
  readonly attempts: number;
  readonly version: number;
  readonly syncedVersion: number;
  readonly createdAt: string;
  readonly editedAt: string | null;
}

/** A question with the counts its embed and lists show. */
export interface QuestionCard {
  readonly question: Question;
  readonly answers: number;
  readonly votes: number;
  readonly accepted: (Answer & { readonly votes: number }) | null;
}

export interface AnswerCard {
  readonly answer: Answer;
  readonly votes: number;
  readonly accepted: boolean;
}

/** Who acts: the service applies its rules from this (the command computes `moderator`). */
export interface QaActor {
  readonly userId: string;
  readonly moderator: boolean;
}

/** Where a question goes: the server's Q&A channel, or the channel it was asked in. */
export interface PostTarget {
  readonly channelId: string;
  readonly kind: ChannelKind;
}

export interface QaSettings {
  readonly guildId: string;
  readonly guildName: string | null;
  readonly channelId: string | null;
  readonly channelKind: 'text' | 'forum' | null;
  readonly reviewAnonymous: boolean;
  readonly questionLimit: number;
  readonly answerLimit: number;
  readonly digestChannelId: string | null;
  readonly digestSetUpBy: string | null;
  readonly digestNextAt: string | null;
  readonly digestWeek: string | null;
  readonly digestPausedReason: string | null;
  /** Forum Q&A channels: the forum tag every question is posted with (required when the forum requires one). */
  readonly forumTagId: string | null;
  readonly forumTagName: string | null;
  /** Days after the first answer before an asker who accepted none is nudged, once; null: never. */
  readonly nudgeAfterDays: number | null;
}

/** Nudges are on unless a server turns them off (`/qa setup clear: nudge`). */
export const DEFAULT_NUDGE_AFTER_DAYS = 3;

export const DEFAULT_LIMITS = { questions: 5, answers: 20 } as const;

export const PERIODS = ['week', 'month', 'all'] as const satisfies readonly Period[];
