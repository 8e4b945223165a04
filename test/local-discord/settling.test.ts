import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import type { ApplicationCommandDataResolvable, Interaction } from 'discord.js';
import { startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const COMMANDS: ApplicationCommandDataResolvable[] = [
  { name: 'draft', description: 'A card with buttons', options: [{ type: ApplicationCommandOptionType.String, name: 'text', description: 'Text', required: true }] },
];

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Released by the test: the bot's slow step (a rate-limited post, a member count) takes as long as the test likes. */
let slowStep = gate();
/** Opened by the bot once Discord took its deferral, with the interaction's id. */
let deferredApproval = { ...gate(), interactionId: '' };

async function bot(interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('post').setLabel('Post').setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId('approve').setLabel('Approve').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId('silent').setLabel('Silent').setStyle(ButtonStyle.Secondary),
    );
    await interaction.reply({ content: interaction.options.getString('text', true), components: [row], flags: MessageFlags.Ephemeral });
    return;
  }
  if (!interaction.isButton()) return;
  const channel = interaction.channel;
  if (!channel?.isSendable()) return;
  switch (interaction.customId) {
    case 'post':
      // The card says so at once, the post goes out, then the card says it is done.
      await interaction.update({ content: '⏳ Posting…', components: [] });
      await channel.send({ content: 'Hello all', allowedMentions: { parse: [] } });
      await interaction.editReply({ content: '✅ Posted' });
      return;
    case 'approve':
      await interaction.deferUpdate();
      deferredApproval.interactionId = interaction.id;
      deferredApproval.open();
      await slowStep.opened;
      await interaction.editReply({ content: 'Approved: nothing else waits for review.', components: [] });
      return;
    case 'silent':
      await interaction.deferUpdate();
      return;
  }
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness(bot);
  await h.client.application.commands.set(COMMANDS, h.guildId);
});

afterAll(async () => {
  await h.close();
});

async function card(text: string) {
  const shown = await h.discord.invoke('/draft', { text }, { guildId: h.guildId });
  if (!shown.reply) throw new Error('no card');
  return shown.reply;
}

describe('invoke, click, select and submitModal resolve when the bot is done, not at its first acknowledgement', () => {
  it('GIVEN an update that says "Posting…", a post elsewhere, then an edit THEN click resolves with the edited card, settled, and the post in place', async () => {
    const clicked = await h.discord.click(await card('Preview'), 'Post', { quietMs: 500 });
    expect(clicked.callback?.type).toBe(7);
    expect(clicked.reply?.content).toBe('✅ Posted');
    expect(clicked.settled).toBe(true);
    const posted = (await h.discord.messages(h.channelId)).filter((message) => message.content === 'Hello all');
    expect(posted).toHaveLength(1);
  });

  it('GIVEN a deferred update whose edit waits on a slow step THEN click resolves only after the edit, however long the step takes', async () => {
    slowStep = gate();
    deferredApproval = { ...gate(), interactionId: '' };
    let resolved = false;
    const clicking = h.discord.click(await card('Anonymous question awaiting review'), 'Approve').then((result) => {
      resolved = true;
      return result;
    });
    // Discord took the deferral and the bot is stuck in its slow step: the click must not have resolved.
    await deferredApproval.opened;
    const meanwhile = await h.discord.interaction(deferredApproval.interactionId);
    expect(meanwhile.pending).toBe(true);
    expect(meanwhile.settled).toBe(false);
    expect(resolved).toBe(false);

    slowStep.open();
    const clicked = await clicking;
    expect(clicked.reply?.content).toBe('Approved: nothing else waits for review.');
    expect(clicked.reply?.components).toEqual([]);
    expect(clicked.pending).toBe(false);
    expect(clicked.settled).toBe(true);
  });

  it('GIVEN a deferred update never edited THEN click rejects once the settle timeout passes, naming what is missing', async () => {
    await expect(h.discord.click(await card('Quiet'), 'Silent', { settleTimeoutMs: 300 })).rejects.toThrow(/deferred click on "Silent" but never edited/);
  });
});
