import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData, type APITextInputComponent } from 'discord-api-types/v10';
import { BODY_MAX, TITLE_MAX, type Announcement } from './announcement.js';
import { ANNOUNCE_ACTIONS, announceId } from './custom-ids.js';

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

/** Compose (from `/announce post|schedule`) or revise a draft's body (Edit on the preview). */
export function renderBodyModal(draft: Pick<Announcement, 'id' | 'body'>): APIModalInteractionResponseCallbackData {
  return {
    custom_id: announceId(ANNOUNCE_ACTIONS.body, draft.id),
    title: 'Announcement',
    components: [bodyField(draft.body || undefined)] as APIModalInteractionResponseCallbackData['components'],
  };
}

/** `/announce edit`: the title and text of an existing announcement, filled in. */
export function renderEditModal(announcement: Pick<Announcement, 'id' | 'title' | 'body'>): APIModalInteractionResponseCallbackData {
  return {
    custom_id: announceId(ANNOUNCE_ACTIONS.amend, announcement.id),
    title: `Edit announcement #${announcement.id}`.slice(0, 45),
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
