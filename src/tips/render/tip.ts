import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord-api-types/v10';
import { NO_MENTIONS, type OutgoingMessage, type OwnMessage } from '../../core/poster.js';
import { encodeCustomId } from '../../discord/custom-id.js';
import type { NumberedTip } from '../catalogue.js';
import { tipCategory, type TipCategoryId } from '../categories.js';
import { ACTION_PREFIX } from '../tip-schema.js';

/**
 * Tip messages as plain Discord API JSON, so the scheduler posts them over REST without discord.js
 * and commands reply with the same shapes.
 */

/** custom_ids of tip buttons; they route to commands/tip.ts. */
const TIP_COMMAND = 'tip';
export const TIP_ACTIONS = { discuss: 'discuss', save: 'save', another: 'another' } as const;
/** `another` without a category: any tip. */
export const ANY_CATEGORY = 'any';

export function renderTipEmbed({ tip, number, total }: NumberedTip): APIEmbed {
  const category = tipCategory(tip.category);
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (tip.action) fields.push({ name: 'Try this today', value: tip.action.slice(ACTION_PREFIX.length) });
  if (tip.source) fields.push({ name: 'Source', value: `[${tip.source.title}](${tip.source.url})` });
  return {
    color: category.color,
    author: { name: `Leadership tip · ${category.label}` },
    title: tip.title,
    description: tip.text,
    ...(fields.length > 0 ? { fields } : {}),
    footer: { text: `Tip ${number} of ${total}` },
  };
}

/**
 * The daily post: the embed, Discuss and Save buttons, and a mention of the chosen role only.
 * With a nonce, Discord returns the existing message instead of posting a second one.
 */
export function renderScheduledTip(numbered: NumberedTip, options: { roleId: string | null; nonce?: string }): OutgoingMessage {
  const { roleId, nonce } = options;
  return {
    ...(roleId ? { content: `<@&${roleId}>` } : {}),
    embeds: [renderTipEmbed(numbered)],
    components: [buttonRow([discussButton(numbered.tip.id), saveButton(numbered.tip.id)])],
    allowed_mentions: roleId ? { parse: [], roles: [roleId] } : NO_MENTIONS,
    ...(nonce ? { nonce, enforce_nonce: true } : {}),
  };
}

/** Whether one of the bot's messages is a scheduled tip post: only those carry the Discuss button. */
export function isScheduledTip(message: OwnMessage): boolean {
  const discuss = `${TIP_COMMAND}:${TIP_ACTIONS.discuss}:`;
  return message.customIds.some((customId) => customId.startsWith(discuss));
}

/** A tip shown to one member (/tip): Another tip (same category, or any) and Save. */
export function renderTipCard(numbered: NumberedTip, category: TipCategoryId | typeof ANY_CATEGORY): {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
} {
  return {
    embeds: [renderTipEmbed(numbered)],
    components: [
      buttonRow([
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: 'Another tip',
          custom_id: encodeCustomId(TIP_COMMAND, TIP_ACTIONS.another, category, numbered.tip.id),
        },
        saveButton(numbered.tip.id),
      ]),
    ],
  };
}

function discussButton(tipId: string): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Discuss', emoji: { name: '💬' }, custom_id: encodeCustomId(TIP_COMMAND, TIP_ACTIONS.discuss, tipId) };
}

function saveButton(tipId: string): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Save', emoji: { name: '🔖' }, custom_id: encodeCustomId(TIP_COMMAND, TIP_ACTIONS.save, tipId) };
}

function buttonRow(buttons: APIButtonComponent[]): APIActionRowComponent<APIButtonComponent> {
  return { type: ComponentType.ActionRow, components: buttons };
}

const SAVED_SHOWN = 25;

/** `/tip saved`: the member's saved tips, newest first. */
export function renderSavedTips(saved: readonly NumberedTip[]): APIEmbed {
  if (saved.length === 0) {
    return { title: 'Your saved tips', description: 'You have not saved any tips yet. Press **Save** under a tip to keep it here.' };
  }
  const lines = saved.slice(0, SAVED_SHOWN).map(({ tip, number }) => `• **${tip.title}** · ${tipCategory(tip.category).label} · #${number}`);
  const more = saved.length > SAVED_SHOWN ? [`…and ${saved.length - SAVED_SHOWN} more.`] : [];
  return { title: 'Your saved tips', description: [...lines, ...more].join('\n'), footer: { text: `${saved.length} saved` } };
}
