import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { runDeployCli } from '../../src/discord/deploy-cli.js';
import { DeliveryError } from '../../src/core/poster.js';
import { at, botEnvironment, startTestBot, type TestBot } from './support/harness.js';
import { registryWithFailingCommand } from './support/failing-command.js';
import { capture } from '../support/capture.js';


describe('the bot against the local Discord', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startTestBot({ registry: await registryWithFailingCommand(), sendsOffSpecOnPurpose: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GIVEN a start-up THEN logs in, receives the server and registers every command in the dev server', async () => {
    expect(t.bot.client.guilds.cache.has(t.world.guild.id)).toBe(true);
    expect(t.bot.client.user?.id).toBe(t.discord.botUserId);
    const registered = (await t.discord.commands(t.world.guild.id)).map((command) => command.name).sort();
    expect(registered).toEqual(t.bot.context.registry.toJSON().map((command) => command.name).sort());
  });

  it('GIVEN /help THEN answers privately within the deadline with every command', async () => {
    const result = await t.discord.invoke('/help', {}, at(t.world));
    expect(result.ephemeral).toBe(true);
    expect(result.latencyMs).toBeLessThan(3000);
    const description = result.reply?.embeds[0]?.description ?? '';
    for (const command of t.bot.context.registry.toJSON()) expect(description).toContain(`/${command.name}`);
  });

  it('GIVEN restarts with unchanged commands THEN they are not re-registered', async () => {
    const before = (await t.discord.requests()).filter((request) => request.method === 'PUT' && request.route.includes('/commands')).length;
    await t.restart();
    const after = (await t.discord.requests()).filter((request) => request.method === 'PUT' && request.route.includes('/commands')).length;
    expect(after).toBe(before);
    expect(t.logs.find('commands unchanged since the last sync').length + t.logs.find('commands synced').length).toBeGreaterThan(0);
  });

  it.each(['before', 'after-defer', 'after-public-defer', 'after-reply'])(
    'GIVEN a handler that throws (%s) THEN the member gets a private "Something went wrong (ref …)" and the bot keeps running',
    async (how) => {
      const invoked = await t.discord.invoke('/fail', { how }, at(t.world));
      // After a reply (or a public defer) the error arrives as a follow-up, later than the first answer.
      const isError = (message: { content: string; deleted: boolean } | null) => Boolean(message && !message.deleted && message.content.startsWith('Something went wrong'));
      const result = await t.discord.waitForInteraction(invoked.interactionId, (state) => [state.reply, ...state.followUps].some(isError));
      const error = [result.reply, ...result.followUps].find(isError);
      expect(error?.content).toMatch(/ref `[0-9a-f]{8}`/);
      expect(error?.ephemeralFor).toBe(t.world.people.member);
      const ref = /ref `([0-9a-f]{8})`/.exec(error?.content ?? '')?.[1];
      expect(t.logs.find('interaction handler failed').some((line) => line.ref === ref && line.command === '/fail')).toBe(true);
      const next = await t.discord.invoke('/help', {}, at(t.world));
      expect(next.reply?.embeds).toHaveLength(1);
    },
  );

  it("GIVEN a command that declares uses: ['tips'] THEN its handler is handed the tips service and nothing else", async () => {
    const result = await t.discord.invoke('/probe', {}, at(t.world));
    expect(result.reply?.content).toBe('tips');
  });

  it('GIVEN a handler that throws a user error THEN the member sees that message privately, not an error reference', async () => {
    const result = await t.discord.invoke('/fail', { how: 'user' }, at(t.world));
    expect(result.reply?.content).toBe('You asked for a user error.');
    expect(result.ephemeral).toBe(true);
  });

  it('GIVEN Discord refuses what a handler asks (unknown channel, missing access, missing permission) THEN the member reads why in plain words, with no error reference', async () => {
    const unknown = await t.discord.invoke('/fail', { how: 'discord-unknown-channel' }, at(t.world));
    expect(unknown.reply?.content).toMatch(/^That channel no longer exists/);
    expect(unknown.ephemeral).toBe(true);

    const channelId = t.world.channelIds.get('questions') ?? '';
    await t.discord.setPermissionOverwrites(channelId, [{ id: t.discord.botUserId, type: 'member', deny: PermissionFlagsBits.SendMessages }]);
    const denied = await t.discord.invoke('/fail', { how: 'discord-post-here' }, at(t.world, 'questions'));
    expect(denied.reply?.content).toMatch(/^I'm missing a permission/);
    await t.discord.setPermissionOverwrites(channelId, [{ id: t.discord.botUserId, type: 'member', deny: PermissionFlagsBits.ViewChannel }]);
    const hidden = await t.discord.invoke('/fail', { how: 'discord-post-here' }, at(t.world, 'questions'));
    expect(hidden.reply?.content).toMatch(/^I can't see that channel/);
    await t.discord.setPermissionOverwrites(channelId, []);
    const posted = await t.discord.invoke('/fail', { how: 'discord-post-here' }, at(t.world, 'questions'));
    expect(posted.reply?.content).toBe('Posted.');

    for (const result of [unknown, denied, hidden]) expect(result.reply?.content).not.toMatch(/Something went wrong|ref `/);
    const refusals = t.logs.find('Discord refused what the interaction asked for').map((line) => line.code);
    expect(refusals).toEqual(expect.arrayContaining([10003, 50013, 50001]));
  });

  it('GIVEN a command the bot no longer has THEN says so privately', async () => {
    // Registered on Discord but unknown to this bot: an old command after an update.
    const bot = await startTestBotWithout(t);
    const result = await t.discord.invoke('/fail', { how: 'before' }, at(t.world));
    expect(result.reply?.content).toContain('not available any more');
    await bot.restore();
  });

  it('GIVEN a dropped gateway connection THEN the bot resumes and answers the next interaction', async () => {
    const resumed = new Promise<void>((resolve) => t.bot.client.once('shardResume', () => resolve()));
    expect(await t.discord.dropGateway({ how: 'terminate' })).toBeGreaterThan(0);
    await resumed;
    const result = await t.discord.invoke('/help', {}, at(t.world));
    expect(result.reply?.embeds[0]?.title).toContain('commands');
  });

  it('GIVEN a burst of sends into one channel with a tight per-channel limit THEN the REST client queues and no request breaks a limit', async () => {
    await t.discord.setRateLimits({ routes: { 'POST /channels/:channelId/messages': { limit: 3, windowMs: 500 } } });
    const channelId = t.world.channelIds.get('general') ?? '';
    const before = (await t.discord.stats()).violations;
    await Promise.all(Array.from({ length: 12 }, (_, index) => t.bot.context.poster.send(channelId, { content: `burst ${index}` })));
    const after = (await t.discord.stats()).violations;
    expect(after).toEqual(before);
    expect((await t.discord.messages(channelId)).filter((message) => message.content.startsWith('burst '))).toHaveLength(12);
  });

  it('GIVEN an embed longer than Discord allows THEN the emulator refuses it like Discord and the poster reports invalid', async () => {
    const channelId = t.world.channelIds.get('general') ?? '';
    const sending = t.bot.context.poster.send(channelId, { embeds: [{ title: 'x', description: 'y'.repeat(4097) }] });
    const error: unknown = await sending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ failure: 'invalid', discordCode: 50035 });
  });

  it('GIVEN npm run deploy against the emulator THEN says what was added, changed and removed, and a dry run touches nothing', async () => {
    const config = parseConfig(botEnvironment(t.discord, t.world, ':memory:'));
    const dry = capture();
    expect(await runDeployCli(['--dry-run'], config, dry.stream)).toBe(0);
    expect(dry.text()).toContain('Would deploy');
    // Message commands (Apps → …) are registered beside the slash commands, as type 3.
    for (const name of ['Mark as answer', 'Track as a question', 'Answer from the knowledge base']) {
      expect(dry.text()).toMatch(new RegExp(`added:.*Apps › ${name}`));
      expect(dry.text()).toContain(`"name": "${name}"`);
    }
    const real = capture();
    expect(await runDeployCli([], config, real.stream)).toBe(0);
    // /fail exists only in the test registry, so the shipped set removes it.
    expect(real.text()).toMatch(/removed:\s+\/fail/);
    expect((await t.discord.commands(t.world.guild.id)).map((command) => command.name)).not.toContain('fail');
  });
});

/** Stops the bot and starts one whose registry lacks /fail, then puts the original back. */
async function startTestBotWithout(t: TestBot): Promise<{ restore(): Promise<void> }> {
  const { CommandRegistry, loadCommandRegistry } = await import('../../src/discord/registry.js');
  const { startBot } = await import('../../src/app/start-bot.js');
  await t.bot.stop();
  const plain = await startBot({
    config: { ...t.config, devGuildId: undefined },
    logger: t.logs.logger,
    clock: t.clock,
    registry: new CommandRegistry((await loadCommandRegistry()).all()),
  });
  return {
    async restore() {
      await plain.stop();
      await t.restart();
    },
  };
}
