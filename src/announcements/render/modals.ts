import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData, type APITextInputComponent } from 'discord-api-types/v10';
import { truncate } from '../../discord/text.js';
import { BODY_MAX, TITLE_MAX, type Announcement } from '../announcement.js';
import { ANNOUNCE_ACTIONS, announceId } from '../custom-ids.js';

/** The forms moderators type announcements into, as plain Discord API JSON. */

export const FIELD_IDS = { title: 'title', body: 'body' } as const;

function field(label: string, description: string, input: Omit<APITextInputComponent, 'type'>) {
  return { type: ComponentType.Label as const, label, description, component: { type: ComponentType.TextInput as const, ...input } };
}

const bodyField = (value?: string) =>
  field('Announcement text', `Up to ${BODY_MAX.toLocaleString('en-US')} characters of Discord markdown. Mentions here ping no one.`, {
    custom_id: FIELD_IDS.body,
    style: TextInputStyle.Paragraph,
    min_length: 1,
    max_length: BODY_MAX,
    required: true,
    ...(value ? { value } : {}),
  });

/** Compose, from `/announce post|schedule`: the body only (the title came with the command). */
export function renderBodyModal(draft: Pick<Announcement, 'id'>): APIModalInteractionResponseCallbackData {
  return {
    custom_id: announceId(ANNOUNCE_ACTIONS.body, draft.id),
    title: 'Announcement',
    components: [bodyField()] as APIModalInteractionResponseCallbackData['components'],
  };
}

/** **Edit** on the preview: the draft's title and text, filled in. */
export function renderRedraftModal(draft: Pick<Announcement, 'id' | 'title' | 'body'>): APIModalInteractionResponseCallbackData {
  return { ...textModal(draft, 'Announcement'), custom_id: announceId(ANNOUNCE_ACTIONS.redraft, draft.id) };
}

/** `/announce edit`: the title and text of an existing announcement, filled in. */
export function renderEditModal(announcement: Pick<Announcement, 'id' | 'title' | 'body'>): APIModalInteractionResponseCallbackData {
  return { ...textModal(announcement, truncate(`Edit announcement #${announcement.id}`, 45)), custom_id: announceId(ANNOUNCE_ACTIONS.amend, announcement.id) };
}

function textModal(announcement: Pick<Announcement, 'title' | 'body'>, title: string): Omit<APIModalInteractionResponseCallbackData, 'custom_id'> {
  return {
    title,
    components: [
      field('Title', 'Optional. Shown in bold above the text.', {
        custom_id: FIELD_IDS.title,
        style: TextInputStyle.Short,
        max_length: TITLE_MAX,
        required: false,
        ...(announcement.title ? { value: announcement.title } : {}),
      }),
      bodyField(announcement.body),
    ] as APIModalInteractionResponseCallbackData['components'],
  };
}
