import Database from 'better-sqlite3';
import type { InteractionResult, LocalDiscord, LoggedMessage } from '../../../src/local-discord/index.js';

export type LogLine = Record<string, unknown>;

type Shown = Pick<InteractionResult, 'reply' | 'followUps'>;

/** The words of every message an interaction left: content, embed titles, descriptions and fields. */
export function visibleText(result: Shown): string {
  return [result.reply, ...result.followUps]
    .filter((message): message is LoggedMessage => message !== null && !message.deleted)
    .map((message) =>
      [message.content, ...message.embeds.flatMap((embed) => [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).map((field) => `${field.name} ${field.value}`)])].join('\n'),
    )
    .join('\n');
}

/** The router's answer to an unexpected exception: a bug, where bad input deserves a clear refusal. */
export function isGenericError(result: Shown): boolean {
  return /Something went wrong \(ref/.test(visibleText(result));
}

/** Error and fatal lines of the bot's log (pino levels 50 and 60), with what failed. */
export function botErrors(lines: readonly LogLine[]): string[] {
  return lines
    .filter((line) => typeof line.level === 'number' && line.level >= 50)
    .map((line) => {
      const err = line.err as { message?: string; type?: string } | undefined;
      const where = [line.command, line.interactionId].filter(Boolean).join(' ');
      return `${String(line.msg)}${where ? ` (${where})` : ''}${err?.message ? `: ${err.type ?? 'Error'}: ${err.message}` : ''}`;
    });
}

/**
 * Messages that notified someone the bot had no reason to: a user ever, a role or @everyone unless
 * the message is an announcement or daily tip whose stored ping names exactly that.
 */
export function pingViolations(discord: LocalDiscord, databasePath: string): string[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const announcement = db.prepare<[string], { ping: string; role_id: string | null }>('SELECT ping, role_id FROM announcements WHERE message_id = ?');
    const tip = db.prepare<[string], { role_id: string | null }>(
      'SELECT s.role_id FROM tip_posts p JOIN tip_schedules s ON s.guild_id = p.guild_id WHERE p.message_id = ?',
    );
    const violations: string[] = [];
    for (const channel of discord.core.state.channels.values()) {
      for (const stored of channel.messages.values()) {
        const { pinged } = stored;
        if (stored.authorId !== discord.botUserId || (!pinged.everyone && pinged.roles.length === 0 && pinged.users.length === 0)) continue;
        const id = stored.message.id;
        const posted = announcement.get(id);
        const allowedRoles = posted?.ping === 'role' && posted.role_id ? [posted.role_id] : (tip.get(id)?.role_id ?? null) ? [tip.get(id)?.role_id ?? ''] : [];
        const everyoneAllowed = posted?.ping === 'everyone';
        const wrong =
          pinged.users.length > 0 || (pinged.everyone && !everyoneAllowed) || pinged.roles.some((role) => !allowedRoles.includes(role));
        if (wrong) violations.push(`message ${id} in ${channel.name ?? 'a DM'} pinged ${JSON.stringify(pinged)}: ${JSON.stringify(stored.message.content.slice(0, 160))}`);
      }
    }
    return violations;
  } finally {
    db.close();
  }
}
