import type { QaDeps } from './deps.js';
import type { Digest } from './digest.js';
import type { Lookups } from './lookups.js';
import type { QaActor, QaSettings } from './types.js';

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
  /** Only recorded here; the role itself is stored by the moderation service. */
  readonly moderatorRoleId?: string | null;
}

/** /qa setup: the Q&A channel, anonymous review, limits and the weekly digest, audited. */
export function createConfiguring(deps: QaDeps, lookups: Lookups, digest: Digest) {
  const { db, settings, questions, audit } = deps;
  return {
    settings: (guildId: string): QaSettings => settings.get(guildId),

    setup(guildId: string, actor: QaActor, changes: SetupChanges): QaSettings {
      lookups.requireModerator(actor);
      return db.transaction(() => {
        const before = settings.get(guildId);
        const at = deps.now();
        const channel = changes.channel === undefined ? { id: before.channelId, kind: before.channelKind } : { id: changes.channel?.id ?? null, kind: changes.channel?.kind ?? null };
        const digestChannelId = changes.digestChannelId === undefined ? before.digestChannelId : changes.digestChannelId;
        const digestChanged = changes.digestChannelId !== undefined;
        const slot = digestChannelId ? digest.slotAfter(guildId, deps.clock.now()) : null;
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
          ...(digestChanged
            ? { digestChannelId, digestSetUpBy: digestChannelId ? actor.userId : null, digestNextAt: slot?.at ?? null, digestWeek: slot?.week ?? null, digestPausedReason: null }
            : {}),
        };
        settings.save(next, actor.userId, at);
        // Questions still waiting to be posted go to the new Q&A channel.
        if (channel.id && channel.kind && channel.id !== before.channelId) questions.retargetUnposted(guildId, channel.id, channel.kind, at);
        const { guildName: _name, ...recorded } = changes;
        audit.record({ guildId, actorId: actor.userId, action: 'setup', details: { ...recorded }, at });
        return settings.get(guildId);
      })();
    },

    rememberGuildName: (guildId: string, name: string | null | undefined): void => {
      if (name) settings.rememberName(guildId, name);
    },
  };
}
