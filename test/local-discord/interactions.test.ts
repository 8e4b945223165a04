import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Routes,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { ApplicationCommandDataResolvable, Interaction } from 'discord.js';
import { startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const COMMANDS: ApplicationCommandDataResolvable[] = [
  { name: 'ask', description: 'Ask the mentor', options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'Your question', required: true }] },
  { name: 'slow', description: 'Deferred answer' },
  { name: 'secret', description: 'Ephemeral answer' },
  { name: 'feedback', description: 'Opens a form' },
  { name: 'vote', description: 'Buttons' },
  { name: 'cto', description: 'Autocomplete', options: [{ type: ApplicationCommandOptionType.String, name: 'topic', description: 'Topic', required: true, autocomplete: true }] },
  {
    name: 'tips',
    description: 'Daily tips',
    options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'setup', description: 'Where to post', options: [{ type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Channel', required: true }] }],
  },
  { name: 'late', description: 'Answers after the deadline' },
  { name: 'twice', description: 'Acknowledges twice' },
  { name: 'export', description: 'Replies with a file' },
];

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const lateGate = deferred<void>();
const lateError = deferred<unknown>();
const twiceError = deferred<unknown>();

async function bot(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused();
    const topics = ['hiring', 'hierarchy', 'architecture'].filter((t) => t.startsWith(typed));
    await interaction.respond(topics.map((t) => ({ name: t, value: t })));
    return;
  }
  if (interaction.isModalSubmit()) {
    await interaction.reply(`thanks: ${interaction.fields.getTextInputValue('answer')} / ${interaction.fields.getTextInputValue('mood')}`);
    return;
  }
  if (interaction.isButton()) {
    await interaction.update({ content: `voted ${interaction.customId}`, components: [] });
    return;
  }
  if (interaction.isStringSelectMenu()) {
    await interaction.reply({ content: `picked ${interaction.values.join(',')} from ${interaction.customId}`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case 'ask':
      await interaction.reply(`Q: ${interaction.options.getString('question', true)}`);
      return;
    case 'slow':
      await interaction.deferReply();
      await interaction.editReply('done thinking');
      await interaction.followUp({ content: 'one more thing', flags: MessageFlags.Ephemeral });
      return;
    case 'secret':
      await interaction.reply({ content: 'just for you', flags: MessageFlags.Ephemeral });
      return;
    case 'feedback':
      await interaction.showModal(
        new ModalBuilder()
          .setCustomId('feedback-form')
          .setTitle('Feedback')
          .addLabelComponents(new LabelBuilder().setLabel('Your answer').setTextInputComponent(new TextInputBuilder().setCustomId('answer').setStyle(TextInputStyle.Paragraph)))
          .addActionRowComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('mood').setLabel('Mood').setStyle(TextInputStyle.Short))),
      );
      return;
    case 'vote':
      await interaction.reply({
        content: 'Was this helpful?',
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('vote:yes').setLabel('Helpful').setStyle(ButtonStyle.Success),
            new ButtonBuilder().setCustomId('vote:no').setLabel('Not helpful').setStyle(ButtonStyle.Secondary),
          ),
        ],
      });
      return;
    case 'tips':
      await interaction.reply(`${interaction.options.getSubcommand()} in ${interaction.options.getChannel('channel', true).id}`);
      return;
    case 'export':
      await interaction.reply({ content: 'your export', files: [new AttachmentBuilder(Buffer.from('id,question\n1,What does a CTO do?\n'), { name: 'qa.csv' })], flags: MessageFlags.Ephemeral });
      return;
    case 'late':
      await lateGate.promise;
      await interaction.reply('too late').catch((error: unknown) => lateError.resolve(error));
      return;
    case 'twice':
      await interaction.reply('first');
      await interaction.client.rest
        .post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'second' } }, auth: false })
        .catch((error: unknown) => twiceError.resolve(error));
      return;
  }
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness(bot, { interactionDeadlineMs: 1_000 });
  await h.client.application.commands.set(COMMANDS, h.guildId);
});

afterAll(async () => {
  await h.close();
});

describe('command registration', () => {
  it('stores the bulk overwrite with ids, version and application id, keeping ids on re-deploy', async () => {
    const first = await h.discord.commands(h.guildId);
    expect(first.map((c) => c.name).sort()).toEqual(COMMANDS.map((c) => (c as { name: string }).name).sort());
    expect(first.every((c) => c.application_id === h.discord.applicationId && c.version && c.guild_id === h.guildId)).toBe(true);
    const again = await h.client.application.commands.set(COMMANDS, h.guildId);
    expect([...again.keys()].sort()).toEqual(first.map((c) => c.id).sort());
  });

  it('rejects an invalid command with 400 50035 naming the field path', async () => {
    const bad = [{ name: 'ok', description: 'fine' }, { name: 'Bad Name', description: 'x'.repeat(101), options: [{ type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: '', required: true }] }];
    const error = await h.client.application.commands.set(bad as ApplicationCommandDataResolvable[]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    const apiError = error as DiscordAPIError;
    expect(apiError.status).toBe(400);
    expect(apiError.code).toBe(50035);
    const errors = (apiError.rawError as { errors: Record<string, Record<string, unknown>> }).errors;
    expect(errors['1']?.name).toBeDefined();
    expect(errors['1']?.description).toEqual({ _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] });
    expect(JSON.stringify(errors['1']?.options)).toContain('APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID');
    expect(apiError.message).toContain('Invalid Form Body');
    expect(await h.discord.commands()).toEqual([]);
  });
});

describe('slash commands', () => {
  it('reply: the answer is the @original message, with interaction metadata, and the latency is measured', async () => {
    const result = await h.discord.invoke('/ask', { question: 'What does a CTO do?' }, { guildId: h.guildId });
    expect(result.callback?.type).toBe(4);
    expect(result.reply?.content).toBe('Q: What does a CTO do?');
    expect(result.reply?.webhook_id).toBe(h.discord.applicationId);
    expect(result.reply?.interaction_metadata?.id).toBe(result.interactionId);
    expect(result.ephemeral).toBe(false);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const log = await h.discord.messages(h.channelId);
    expect(log.some((m) => m.id === result.reply?.id && m.ephemeralFor === null)).toBe(true);
  });

  it('deferReply + editReply + ephemeral followUp', async () => {
    const result = await h.discord.invoke('/slow', {}, { guildId: h.guildId });
    expect(result.callback?.type).toBe(5);
    const done = await h.discord.waitForInteraction(result.interactionId, (r) => r.followUps.length === 1);
    expect(done.reply?.content).toBe('done thinking');
    expect(done.reply?.edited_timestamp).not.toBeNull();
    expect((done.reply?.flags ?? 0) & MessageFlags.Loading).toBe(0);
    expect(done.followUps[0]?.content).toBe('one more thing');
    expect(done.followUps[0]?.ephemeralFor).toBe(h.ownerId);
  });

  it('ephemeral reply is only seen by the invoking user', async () => {
    const result = await h.discord.invoke('/secret', {}, { guildId: h.guildId });
    expect(result.ephemeral).toBe(true);
    expect(result.reply?.ephemeralFor).toBe(h.ownerId);
    expect((result.reply?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const visible = await h.client.channels.fetch(h.channelId);
    const fetched = visible?.isTextBased() ? await visible.messages.fetch({ limit: 50 }) : null;
    expect(fetched?.has(result.reply?.id ?? '')).toBe(false);
  });

  it('subcommands and resolved channel options', async () => {
    const result = await h.discord.invoke('/tips setup', { channel: h.channelId }, { guildId: h.guildId });
    expect(result.reply?.content).toBe(`setup in ${h.channelId}`);
  });

  it('showModal, then the modal submit (label and action-row forms) is answered', async () => {
    const opened = await h.discord.invoke('/feedback', {}, { guildId: h.guildId });
    expect(opened.modal?.title).toBe('Feedback');
    const submitted = await h.discord.submitModal(opened, { answer: 'Great mentor', mood: 'happy' });
    expect(submitted.reply?.content).toBe('thanks: Great mentor / happy');
  });

  it('button click → update edits the message the button is on', async () => {
    const voted = await h.discord.invoke('/vote', {}, { guildId: h.guildId });
    expect(voted.reply?.components).toHaveLength(1);
    const clicked = await h.discord.click(voted.reply ?? { id: '', channel_id: '' }, 'Helpful');
    expect(clicked.callback?.type).toBe(7);
    expect(clicked.reply?.id).toBe(voted.reply?.id);
    expect(clicked.reply?.content).toBe('voted vote:yes');
    expect(clicked.reply?.components).toEqual([]);
  });

  it('unchecked: values Discord would never send reach the bot as given (a number for a string, a channel of another server)', async () => {
    await expect(h.discord.invoke('/ask', { question: 42 }, { guildId: h.guildId })).rejects.toThrow(/expects a string/);
    const asked = await h.discord.invoke('/ask', { question: 42 }, { guildId: h.guildId, unchecked: true });
    expect(asked.reply?.content).toBe('Q: 42');
    const other = await h.discord.createGuild({ name: 'Elsewhere' });
    const elsewhere = await h.discord.createChannel(other.id, { name: 'secret' });
    const setup = await h.discord.invoke('/tips setup', { channel: elsewhere.id }, { guildId: h.guildId, unchecked: true });
    expect(setup.reply?.content).toBe(`setup in ${elsewhere.id}`);
  });

  it('craft: a button, select or form as a crafted client sends it, with any custom_id, values and fields, unchecked', async () => {
    const voted = await h.discord.invoke('/vote', {}, { guildId: h.guildId });
    const message = voted.reply ?? { id: '', channel_id: '' };
    const clicked = await h.discord.craft({ kind: 'button', customId: 'vote:never:shown', message });
    expect(clicked.callback?.type).toBe(7);
    expect(clicked.reply?.content).toBe('voted vote:never:shown');
    const picked = await h.discord.craft({ kind: 'select', customId: 'no-menu', values: ['', 'x'.repeat(200)], message }, { userId: h.ownerId });
    expect(picked.reply?.content).toBe(`picked ,${'x'.repeat(200)} from no-menu`);
    expect(picked.reply?.ephemeralFor).toBe(h.ownerId);
    // No form was ever shown: any custom_id and fields arrive as sent, empty and oversized values included.
    const submitted = await h.discord.craft({ kind: 'modal', customId: 'never-shown', fields: { answer: '', mood: '\u202e'.repeat(1_000) } }, { guildId: h.guildId });
    expect(submitted.reply?.content).toBe(`thanks:  / ${'\u202e'.repeat(1_000)}`);
  });

  it('autocomplete gets the focused value as typed and returns the choices', async () => {
    const choices = await h.discord.autocomplete('/cto', { topic: 'hi' }, 'topic', { guildId: h.guildId });
    expect(choices).toEqual([
      { name: 'hiring', value: 'hiring' },
      { name: 'hierarchy', value: 'hierarchy' },
    ]);
  });

  it('stats group acknowledged latencies by kind of interaction, so a benchmark can tell /ask from autocomplete', async () => {
    const before = (await h.discord.stats()).interactions.byKind;
    const asked = await h.discord.invoke('/ask', { question: 'How do I hire?' }, { guildId: h.guildId });
    await h.discord.autocomplete('/cto', { topic: 'ar' }, 'topic', { guildId: h.guildId });
    const after = (await h.discord.stats()).interactions.byKind;
    expect((after['/ask']?.count ?? 0) - (before['/ask']?.count ?? 0)).toBe(1);
    expect((after['autocomplete /cto']?.count ?? 0) - (before['autocomplete /cto']?.count ?? 0)).toBe(1);
    expect(after['/ask']?.latencyMs.at(-1)).toBe(asked.latencyMs);
  });

  it('a multipart reply with a file is stored and its bytes readable', async () => {
    const result = await h.discord.invoke('/export', {}, { guildId: h.guildId });
    const [attachment] = result.reply?.attachments ?? [];
    expect(attachment?.filename).toBe('qa.csv');
    expect(attachment?.ephemeral).toBe(true);
    const stored = await h.discord.attachment(attachment?.id ?? '');
    expect(stored.data.toString()).toBe('id,question\n1,What does a CTO do?\n');
    expect(stored.contentType).toMatch(/text\/csv|octet-stream|text\/plain/);
  });

  it('a first reply after the deadline is refused with 404 10062', async () => {
    await expect(h.discord.invoke('/late', {}, { guildId: h.guildId })).rejects.toThrow(/did not acknowledge/);
    lateGate.resolve();
    const error = await lateError.promise;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(10062);
    expect((error as DiscordAPIError).status).toBe(404);
    expect((await h.discord.stats()).interactions.late).toBeGreaterThanOrEqual(1);
  });

  it('a second acknowledgement is refused with 400 40060', async () => {
    const result = await h.discord.invoke('/twice', {}, { guildId: h.guildId });
    expect(result.reply?.content).toBe('first');
    const error = await twiceError.promise;
    expect((error as DiscordAPIError).code).toBe(40060);
    expect((error as DiscordAPIError).status).toBe(400);
  });
});
