import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InteractionType } from 'discord-api-types/v10';
import { openDatabase } from '../../src/db/index.js';
import type { InteractionResult, LoggedMessage } from '../../src/local-discord/index.js';
import { messageCommandData } from '../../src/local-discord/driver/context-menu.js';
import { dispatchInteraction } from '../../src/local-discord/services/interaction-dispatch.js';
import { createQuestionStore } from '../../src/qa/question-store.js';
import { answerText, fieldOf, questionMessage, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

/** Apps → Track as a question and Answer from the knowledge base on members' messages in #general (issue 15). */
describe('Track as a question and Answer from the knowledge base (message commands)', () => {
  let t: TestBot;
  let general: string;
  let questionsChannel: string;
  let sam: Where;
  let alex: Where;
  let morgan: Where;

  const say = (who: Where, content: string) => t.discord.postMessage(general, { userId: who.userId, content });
  const apps = (name: string, message: LoggedMessage, who: Where) => t.discord.invokeMessageCommand(name, message, { ...who, channelId: message.channel_id });
  const bySource = (messageId: string) => {
    const db = openDatabase(t.config.databasePath);
    const question = createQuestionStore(db).bySource(t.world.guild.id, messageId);
    db.close();
    return question;
  };
  const repliesTo = async (message: LoggedMessage) => (await t.discord.messages(general)).filter((candidate) => candidate.message_reference?.message_id === message.id && !candidate.deleted);
  /** A crafted interaction: the command on a message of another server, sent from #general here. */
  const craftedElsewhere = async (name: string, who: Where): Promise<InteractionResult> => {
    const other = await t.discord.createGuild({ name: `Elsewhere ${name}`, ownerId: who.userId });
    const channel = await t.discord.createChannel(other.id, { name: 'talk' });
    const foreign = await t.discord.postMessage(channel.id, { userId: who.userId, content: 'How do I hire my first engineering manager from outside?' });
    const core = t.discord.core;
    const stored = core.state.requireMessage(core.state.requireChannel(channel.id), foreign.id);
    const { data, commandName } = messageCommandData(core, name, stored, core.state.requireChannel(general), core.state.guilds.get(t.world.guild.id) ?? null, who.userId, true);
    const record = dispatchInteraction(core, { type: InteractionType.ApplicationCommand, data, guildId: t.world.guild.id, channelId: general, userId: who.userId, commandName });
    return t.discord.waitForInteraction(record.id, (state) => answerText(state).length > 0);
  };

  beforeAll(async () => {
    t = await startTestBot();
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    alex = { ...sam, userId: t.world.members.get('alex') ?? '' };
    general = sam.channelId;
    questionsChannel = t.world.channelIds.get('questions') ?? '';
    await t.discord.invoke('/qa setup', { channel: questionsChannel }, morgan);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN /help THEN the three message commands are listed under Apps, by the names members see there', async () => {
    const result = await t.discord.invoke('/help', {}, sam);
    const apps = result.reply?.embeds[0]?.fields?.find((field) => field.name.includes('Apps'))?.value ?? '';
    for (const name of ['Mark as answer', 'Answer from the knowledge base', 'Track as a question']) expect(apps).toContain(`**${name}**`);
  });

  it('GIVEN a member tracks another member\'s message THEN it is a question asked by its author, linked both ways, the author told, nobody pinged', async () => {
    const message = await say(sam, 'How do I convince the board to fund a platform team this year?');
    const tracked = await apps('Track as a question', message, alex);
    expect(tracked.ephemeral).toBe(true);
    expect(answerText(tracked)).toContain('Tracked as **#1**');
    const card = await questionMessage(t, questionsChannel, 1);
    expect(card.embeds[0]?.description).toContain('fund a platform team');
    expect(fieldOf(card, 'Asked by')).toBe(`<@${sam.userId}>`);
    expect(fieldOf(card, 'Asked in')).toContain(`/${general}/${message.id}`);
    const [reply] = await repliesTo(message);
    expect(reply?.content).toContain('Tracked as community question **#1**');
    expect(reply?.content).toContain(`/${questionsChannel}/${card.id}`);
    expect(reply?.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(bySource(message.id)).toMatchObject({ number: 1, askerId: sam.userId, sourceChannelId: general, sourceMessageId: message.id });
    await vi.waitFor(async () => expect((await t.discord.dms(sam.userId)).some((dm) => dm.content.includes('Your message became community question #1'))).toBe(true), { timeout: 10_000 });
  });

  it('GIVEN two members track the same message at once THEN one question is made and the bot replies once', async () => {
    const message = await say(sam, 'What should an engineering strategy document for the executive team contain?');
    const [one, two] = await Promise.all([apps('Track as a question', message, alex), apps('Track as a question', message, morgan)]);
    const words = [answerText(one), answerText(two)];
    expect(words.filter((text) => text.includes('Tracked as **#2**'))).toHaveLength(1);
    expect(words.filter((text) => text.includes('already tracked as **#2**'))).toHaveLength(1);
    expect(bySource(message.id)?.number).toBe(2);
    expect(await repliesTo(message)).toHaveLength(1);
    const again = await apps('Track as a question', message, alex);
    expect(answerText(again)).toContain('already tracked as **#2**');
  });

  it('GIVEN a message like an earlier question THEN Track as a question shows the similar one first, and "Post mine anyway" tracks it with its author as asker', async () => {
    const message = await say(alex, 'How can I convince our board to fund a platform team this year?');
    const prompt = await apps('Track as a question', message, morgan);
    expect(prompt.ephemeral).toBe(true);
    expect(prompt.reply?.embeds[0]?.title).toBe('Has this been asked before?');
    expect(bySource(message.id)).toBeUndefined();
    const posted = await t.discord.click(prompt.reply as LoggedMessage, 'Post mine anyway', morgan);
    const words = answerText(await t.discord.waitForInteraction(posted.interactionId, (state) => answerText(state).includes('Tracked as'), 10_000));
    expect(words).toContain(`<@${alex.userId}> is its asker`);
    expect(bySource(message.id)).toMatchObject({ askerId: alex.userId, sourceMessageId: message.id });
    expect(await repliesTo(message)).toHaveLength(1);
  });

  it("GIVEN Track as a question on the bot's own message, a deleted one or another server's THEN each is refused privately and nothing is made", async () => {
    const message = await say(sam, 'How do I keep on-call fair across time zones for a small team?');
    await apps('Track as a question', message, alex);
    const [botReply] = await repliesTo(message);
    const own = await apps('Track as a question', botReply as LoggedMessage, alex);
    expect(own.ephemeral).toBe(true);
    expect(answerText(own)).toContain("That message is a bot's");
    expect(bySource(botReply?.id ?? '')).toBeUndefined();

    const gone = await say(sam, 'Should I split the monolith before hiring the next ten engineers?');
    await t.discord.deleteMessage(gone, { userId: sam.userId });
    const deleted = await t.discord.invokeMessageCommand('Track as a question', gone, { ...alex, unchecked: true });
    expect(deleted.ephemeral).toBe(true);
    expect(answerText(deleted)).toContain('That message was deleted');
    expect(bySource(gone.id)).toBeUndefined();

    const foreign = await craftedElsewhere('Track as a question', alex);
    expect(foreign.ephemeral).toBe(true);
    expect(answerText(foreign)).toContain('not in this channel of this server');
  });

  it('GIVEN Answer from the knowledge base on a #general message THEN the bot replies to that message publicly, pinging nobody', async () => {
    const message = await say(sam, 'How do I run useful one-on-ones with my engineering managers?');
    const answered = await apps('Answer from the knowledge base', message, alex);
    expect(answered.ephemeral).toBe(true);
    expect(answerText(answered)).toContain('Replied with **');
    const [reply] = await repliesTo(message);
    expect(reply?.embeds[0]?.title).toBeTruthy();
    expect(reply?.content).toContain('From the knowledge base');
    expect(reply?.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(reply?.ephemeralFor ?? null).toBeNull();
  });

  it('GIVEN Answer from the knowledge base twice at once THEN the message gets one reply', async () => {
    const message = await say(sam, 'How should a CTO prepare for a board meeting?');
    const results = await Promise.all([apps('Answer from the knowledge base', message, alex), apps('Answer from the knowledge base', message, morgan)]);
    for (const result of results) expect(answerText(result)).toContain('Replied with **');
    expect(await repliesTo(message)).toHaveLength(1);
  });

  it('GIVEN Answer from the knowledge base on a message it has no confident answer for THEN only the invoker is told, with the closest topics', async () => {
    const message = await say(sam, 'Anyone tried the new ramen place near the office on Friday?');
    const answered = await apps('Answer from the knowledge base', message, alex);
    expect(answered.ephemeral).toBe(true);
    expect(answerText(answered)).toMatch(/No confident answer|good answer/);
    expect(await repliesTo(message)).toHaveLength(0);
  });

  it("GIVEN Answer from the knowledge base on the bot's own message or another server's THEN it is refused privately and nothing is posted", async () => {
    const message = await say(sam, 'How do I hire a first VP of Engineering?');
    await apps('Answer from the knowledge base', message, alex);
    const [botReply] = await repliesTo(message);
    const own = await apps('Answer from the knowledge base', botReply as LoggedMessage, alex);
    expect(own.ephemeral).toBe(true);
    expect(answerText(own)).toContain('That is my own message');
    expect((await t.discord.messages(general)).filter((candidate) => candidate.message_reference?.message_id === botReply?.id)).toHaveLength(0);
    const foreign = await craftedElsewhere('Answer from the knowledge base', alex);
    expect(answerText(foreign)).toContain('not in this channel of this server');
  });
});
