import type { APIAllowedMentions } from 'discord-api-types/v10';
import type { GuildRecord, Pinged } from './state/records.js';

export interface MentionInput {
  content: string;
  /** As sent; null/undefined means "parse everything in the content". */
  allowedMentions: APIAllowedMentions | null | undefined;
  guild: GuildRecord | null;
  /** The sender may ping @everyone/@here and non-mentionable roles (MentionEveryone in the channel). */
  canMentionEveryone: boolean;
  /** Author of the message replied to, if any. */
  repliedUserId: string | null;
  userExists: (id: string) => boolean;
}

const USER_MENTION = /<@!?(\d{17,20})>/g;
const ROLE_MENTION = /<@&(\d{17,20})>/g;
const EVERYONE_MENTION = /@(everyone|here)/;

/** Who Discord would notify for a message, from its content and allowed_mentions. */
export function computePinged(input: MentionInput): Pinged {
  const { content, allowedMentions, guild } = input;
  const parse = new Set(allowedMentions ? (allowedMentions.parse ?? []) : ['users', 'roles', 'everyone']);
  const allowedUsers = new Set(allowedMentions?.users ?? []);
  const allowedRoles = new Set(allowedMentions?.roles ?? []);

  const users = new Set<string>();
  for (const match of content.matchAll(USER_MENTION)) {
    const id = match[1];
    if (id && input.userExists(id) && (parse.has('users') || allowedUsers.has(id))) users.add(id);
  }
  const repliedAllowed = allowedMentions ? allowedMentions.replied_user === true : true;
  if (input.repliedUserId && repliedAllowed) users.add(input.repliedUserId);

  const roles = new Set<string>();
  if (guild) {
    for (const match of content.matchAll(ROLE_MENTION)) {
      const id = match[1];
      const role = id ? guild.roles.get(id) : undefined;
      if (!role || !id) continue;
      if (!(parse.has('roles') || allowedRoles.has(id))) continue;
      // Non-mentionable roles only ping when the sender has MentionEveryone.
      if (role.mentionable || input.canMentionEveryone) roles.add(id);
    }
  }

  const everyone = guild !== null && EVERYONE_MENTION.test(content) && parse.has('everyone') && input.canMentionEveryone;
  return { everyone, roles: [...roles], users: [...users] };
}
