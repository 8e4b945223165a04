import type { AuditStore } from './audit-store.js';
import type { Digest } from './digest.js';
import type { QuestionStore } from './question-store.js';
import { requireModerator } from './rules.js';
import type { SettingsStore } from './settings-store.js';
import type { QaTiming } from './timing.js';
import type { Run, Transaction } from './transaction.js';
import type { PostTarget, QaActor, QaSettings } from './types.js';

export interface SetupChanges {
  readonly guildName?: string | null;
  /** null: questions go to the channel they are asked in. */
  readonly channel?: { readonly id: string; readonly kind: 'text' | 'forum' } | null;
  readonly reviewAnonymous?: boolean;
  readonly questionLimit?: number;
  readonly answerLimit?: number;
  /** The forum tag questions are posted with (forum channels only); null: none. */
  readonly forumTag?: { readonly id: string; readonly name: string } | null;
  /** null: no weekly digest. */
  readonly digestChannelId?: string | null;
  /** Days after the first answer before the asker is nudged to accept one; null: no nudges. */
  readonly nudgeAfterDays?: number | null;
  /** Only recorded here; the role itself is stored by the moderation service. */
  readonly moderatorRoleId?: string | null;
}

interface SettingsDeps {
  readonly settings: SettingsStore;
  readonly questions: QuestionStore;
  readonly audit: AuditStore;
  /** When a newly set up digest first goes out. */
  readonly digest: Pick<Digest, 'slotAfter'>;
  readonly transaction: Transaction;
  readonly run: Run;
  readonly timing: QaTiming;
}

/** A server's Q&A settings; /qa setup: the Q&A channel, anonymous review, limits and the weekly digest, audited. */
export function createSettings({ settings, questions, audit, digest, transaction, run, timing }: SettingsDeps) {
  return {
    get: (guildId: string): Promise<QaSettings> => run(() => settings.get(guildId)),

    /** Where the server's questions go when a Q&A channel is set up; null: in the channel each is asked in. */
    async questionChannel(guildId: string): Promise<PostTarget | null> {
      const { channelId, channelKind } = await run(() => settings.get(guildId));
      return channelId && channelKind ? { channelId, kind: channelKind } : null;
    },

    async setup(guildId: string, actor: QaActor, changes: SetupChanges): Promise<QaSettings> {
      requireModerator(actor);
      // When a digest set up now first goes out (read before the change: it follows the server's tip time).
      const slot = changes.digestChannelId ? await digest.slotAfter(guildId, timing.clock.now()) : null;
      return transaction(function* () {
        const before = yield* settings.get(guildId);
        const at = timing.now();
        const channel = changes.channel === undefined ? { id: before.channelId, kind: before.channelKind } : { id: changes.channel?.id ?? null, kind: changes.channel?.kind ?? null };
        const digestChannelId = changes.digestChannelId === undefined ? before.digestChannelId : changes.digestChannelId;
        const digestChanged = changes.digestChannelId !== undefined;
        // A tag belongs to its forum: a new channel drops it unless one is chosen with it.
        const kept = before.forumTagId && before.forumTagName && channel.id === before.channelId ? { id: before.forumTagId, name: before.forumTagName } : null;
        const tag = changes.forumTag !== undefined ? changes.forumTag : kept;
        const next: QaSettings = {
          ...before,
          forumTagId: channel.kind === 'forum' ? (tag?.id ?? null) : null,
          forumTagName: channel.kind === 'forum' ? (tag?.name ?? null) : null,
          guildName: changes.guildName ?? before.guildName,
          channelId: channel.id,
          channelKind: channel.kind,
          reviewAnonymous: changes.reviewAnonymous ?? before.reviewAnonymous,
          questionLimit: changes.questionLimit ?? before.questionLimit,
          answerLimit: changes.answerLimit ?? before.answerLimit,
          nudgeAfterDays: changes.nudgeAfterDays === undefined ? before.nudgeAfterDays : changes.nudgeAfterDays,
          ...(digestChanged
            ? { digestChannelId, digestSetUpBy: digestChannelId ? actor.userId : null, digestNextAt: slot?.at ?? null, digestWeek: slot?.week ?? null, digestPausedReason: null }
            : {}),
        };
        yield* settings.save(next, actor.userId, at);
        // Questions still waiting to be posted go to the new Q&A channel.
        if (channel.id && channel.kind && channel.id !== before.channelId) questions.retargetUnposted(guildId, channel.id, channel.kind, at);
        const { guildName: _name, ...recorded } = changes;
        yield* audit.record({ guildId, actorId: actor.userId, action: 'setup', details: { ...recorded }, at });
        return yield* settings.get(guildId);
      });
    },

    /** The server's name, for DMs that say where they come from. */
    rememberGuildName: async (guildId: string, name: string | null | undefined): Promise<void> => {
      if (name) await run(() => settings.rememberName(guildId, name));
    },
  };
}
