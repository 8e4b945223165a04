import { DiscordAPIError, RESTJSONErrorCodes as Code } from 'discord.js';
import { DeliveryError } from '../core/poster.js';

/**
 * Discord's refusals a member or moderator can act on, in one sentence each (what Skyra does for its
 * command errors): a handler that hit one answers with it instead of "Something went wrong (ref …)".
 * Only codes Discord documents and the member can do something about; the rest keep a reference id.
 */
const PLAIN_WORDS: ReadonlyMap<number, string> = new Map([
  [Code.UnknownChannel, "That channel no longer exists, or I can't see it any more. Check it was not deleted, or pick another channel."],
  [Code.UnknownGuild, "I'm no longer in this server. Invite me again to use this."],
  [Code.UnknownMember, 'That member is no longer in this server.'],
  [Code.UnknownMessage, 'That message was deleted, so I could not finish. Run the command again.'],
  [Code.UnknownRole, 'That role no longer exists. Pick another role.'],
  [Code.UnknownUser, 'That user no longer exists on Discord.'],
  [Code.MissingAccess, "I can't see that channel: give me **View Channel** there (the channel's settings → Permissions), then try again."],
  [Code.MissingPermissions, "I'm missing a permission I need for this in that channel. Check my role in the channel's settings → Permissions, then try again."],
  [Code.CannotSendMessagesToThisUser, "I can't send that member a direct message: they allow none from this server (Privacy Settings)."],
  [Code.InvalidActionOnArchivedThread, 'That thread is archived. Open it again (send a message in it), then try again.'],
  [Code.ThreadLocked, 'That thread is locked. A moderator with **Manage Threads** has to unlock it first.'],
  [Code.MaximumActiveThreads, 'That channel has as many active threads as Discord allows. Archive some, then try again.'],
  [Code.TagRequiredToCreateAForumPostInThisChannel, 'That forum requires a tag on every post, and none was chosen.'],
  [Code.CannotReplyWithoutPermissionToReadMessageHistory, 'I need **Read Message History** in that channel to reply there.'],
  [Code.CannotExecuteActionOnThisChannelType, "That doesn't work in this kind of channel. Pick a text channel."],
  [Code.RequestEntityTooLarge, 'That is larger than Discord accepts.'],
]);

/** Discord's error code of a failure from discord.js or from the Poster, if it carries one. */
function discordErrorCode(error: unknown): number | undefined {
  if (error instanceof DiscordAPIError) return typeof error.code === 'number' ? error.code : undefined;
  if (error instanceof DeliveryError) return error.discordCode;
  return undefined;
}

/** The sentence for a Discord refusal the member can act on; null for everything else (a bug, an outage). */
export function discordErrorInPlainWords(error: unknown): { readonly code: number; readonly message: string } | null {
  const code = discordErrorCode(error);
  const message = code === undefined ? undefined : PLAIN_WORDS.get(code);
  return code !== undefined && message ? { code, message } : null;
}
