import { z } from 'zod';

/** Request-body shapes (types only; Discord's limits are checked by the rule modules). Unknown keys pass through. */

export const embedSchema = z
  .object({
    title: z.string().nullish(),
    description: z.string().nullish(),
    url: z.string().nullish(),
    color: z.number().int().nullish(),
    timestamp: z.string().nullish(),
    fields: z.array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().nullish() }).loose()).nullish(),
    footer: z.object({ text: z.string(), icon_url: z.string().nullish() }).loose().nullish(),
    author: z.object({ name: z.string(), url: z.string().nullish(), icon_url: z.string().nullish() }).loose().nullish(),
  })
  .loose();
export type EmbedInput = z.output<typeof embedSchema>;

export const allowedMentionsSchema = z
  .object({
    parse: z.array(z.enum(['users', 'roles', 'everyone'])).nullish(),
    users: z.array(z.string()).nullish(),
    roles: z.array(z.string()).nullish(),
    replied_user: z.boolean().nullish(),
  })
  .loose();

export const messageBodySchema = z
  .object({
    content: z.string().nullish(),
    nonce: z.union([z.string(), z.number().int()]).nullish(),
    enforce_nonce: z.boolean().nullish(),
    tts: z.boolean().nullish(),
    embeds: z.array(embedSchema).nullish(),
    allowed_mentions: allowedMentionsSchema.nullish(),
    message_reference: z
      .object({ message_id: z.string(), channel_id: z.string().nullish(), guild_id: z.string().nullish(), fail_if_not_exists: z.boolean().nullish() })
      .loose()
      .nullish(),
    components: z.array(z.record(z.string(), z.unknown())).nullish(),
    sticker_ids: z.array(z.string()).nullish(),
    attachments: z.array(z.object({ id: z.union([z.string(), z.number()]), filename: z.string().nullish(), description: z.string().nullish() }).loose()).nullish(),
    flags: z.number().int().nullish(),
    poll: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export type MessageBody = z.output<typeof messageBodySchema>;

const choiceSchema = z.object({ name: z.string(), value: z.union([z.string(), z.number()]) }).loose();

export interface CommandOptionInput {
  type: number;
  name: string;
  description: string;
  required?: boolean | null | undefined;
  autocomplete?: boolean | null | undefined;
  choices?: { name: string; value: string | number }[] | null | undefined;
  options?: CommandOptionInput[] | null | undefined;
  channel_types?: number[] | null | undefined;
  min_value?: number | null | undefined;
  max_value?: number | null | undefined;
  min_length?: number | null | undefined;
  max_length?: number | null | undefined;
  [key: string]: unknown;
}

export const commandOptionSchema: z.ZodType<CommandOptionInput> = z.lazy(() =>
  z
    .object({
      type: z.number().int(),
      name: z.string(),
      description: z.string(),
      required: z.boolean().nullish(),
      autocomplete: z.boolean().nullish(),
      choices: z.array(choiceSchema).nullish(),
      options: z.array(commandOptionSchema).nullish(),
      channel_types: z.array(z.number().int()).nullish(),
      min_value: z.number().nullish(),
      max_value: z.number().nullish(),
      min_length: z.number().int().nullish(),
      max_length: z.number().int().nullish(),
    })
    .loose(),
);

export const commandSchema = z
  .object({
    name: z.string(),
    type: z.number().int().nullish(),
    description: z.string().nullish(),
    options: z.array(commandOptionSchema).nullish(),
    default_member_permissions: z.string().nullish(),
    dm_permission: z.boolean().nullish(),
    contexts: z.array(z.number().int()).nullish(),
    integration_types: z.array(z.number().int()).nullish(),
    nsfw: z.boolean().nullish(),
    name_localizations: z.record(z.string(), z.string().nullable()).nullish(),
    description_localizations: z.record(z.string(), z.string().nullable()).nullish(),
  })
  .loose();
export type CommandInput = z.output<typeof commandSchema>;

export const callbackSchema = z
  .object({
    type: z.number().int(),
    data: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

export const autocompleteDataSchema = z.object({ choices: z.array(choiceSchema) }).loose();

export const modalDataSchema = z
  .object({
    custom_id: z.string(),
    title: z.string(),
    components: z.array(z.record(z.string(), z.unknown())),
  })
  .loose();
