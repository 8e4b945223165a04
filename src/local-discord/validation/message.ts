import { MessageFlags } from 'discord-api-types/v10';
import { Errors, FormErrors } from '../errors.js';
import { checkMessageComponents } from './components.js';
import { checkEmbeds } from './embeds.js';
import { checkLength, parseBody } from './form.js';
import { messageBodySchema } from './schemas.js';
import type { MessageBody } from './schemas.js';

export interface MessageRuleContext {
  /** Creating (empty message forbidden) or editing (partial update). */
  mode: 'create' | 'edit';
  fileCount: number;
}

/** Parse and check a message body against Discord's limits; throws a Discord-shaped 400. */
export function validateMessageBody(raw: unknown, context: MessageRuleContext): MessageBody {
  const body = parseBody(messageBodySchema, raw ?? {});
  const errors = new FormErrors();
  checkLength(errors, ['content'], body.content, 0, 2_000);
  if (typeof body.nonce === 'string') checkLength(errors, ['nonce'], body.nonce, 0, 25);
  if (body.embeds) checkEmbeds(errors, body.embeds);
  const componentsV2 = ((body.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0;
  if (body.components) checkMessageComponents(errors, body.components, componentsV2);
  const mentions = body.allowed_mentions;
  if (mentions) {
    if (mentions.parse?.includes('users') && mentions.users?.length) {
      errors.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["users"] and users: [ids...] are mutually exclusive.');
    }
    if (mentions.parse?.includes('roles') && mentions.roles?.length) {
      errors.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["roles"] and roles: [ids...] are mutually exclusive.');
    }
    checkLength(errors, ['allowed_mentions', 'users'], mentions.users, 0, 100);
    checkLength(errors, ['allowed_mentions', 'roles'], mentions.roles, 0, 100);
  }
  if (context.fileCount > 10) errors.add(['files'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  errors.throwIfAny();
  if (context.mode === 'create' && isEmptyMessage(body, context.fileCount)) throw Errors.emptyMessage();
  return body;
}

/** Nothing to show: no content, embeds, components, stickers, poll or files (Discord's 50006). */
export function isEmptyMessage(body: MessageBody, fileCount: number): boolean {
  return (
    !body.content &&
    !body.embeds?.length &&
    !body.components?.length &&
    !body.sticker_ids?.length &&
    !body.poll &&
    fileCount === 0 &&
    !body.attachments?.length
  );
}
