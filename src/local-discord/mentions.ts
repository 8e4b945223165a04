import type { APIAllowedMentions } from 'discord-api-types/v10';
import type { GuildRecord, Pinged } from './state/records.js';

export interface MentionInput {
  content: string;
  /** As sent; null/undefined means Discord's default for `via`. */
  allowedMentions: APIAllowedMentions | null | undefined;
  /**
   * How the message was sent: without `allowed_mentions` a bot's message parses every mention, an interaction
   * response or webhook message users only (resources/message, Allowed Mentions; discord-api-docs#7629).
   */
  via?: 'message' | 'webhook';
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

const DEFAULT_PARSE = { message: ['users', 'roles', 'everyone'], webhook: ['users'] } as const;

/** Who Discord would notify for a message, from its content and allowed_mentions. */
export function computePinged(input: MentionInput): Pinged {
  const { content, allowedMentions, guild } = input;
  const parse = new Set<string>(allowedMentions ? (allowedMentions.parse ?? []) : DEFAULT_PARSE[input.via ?? 'message']);
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
