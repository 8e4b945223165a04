import { MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import {
  announcementIdIn,
  buttonLabels,
  channelId,
  clickAndSettle,
  compose,
  moderatorIn,
  newMember,
  postedAnnouncements,
  requireMessage,
} from '../support/announcements-e2e.js';
import { at, botKnowsRole, startTestBot, type TestBot } from './support/harness.js';

describe('/announce post through the local Discord', () => {
  let t: TestBot;
  let engineering: string;

  beforeAll(async () => {
    t = await startTestBot({ clock: new ManualClock('2026-03-10T08:00:00Z') });
    // A mentionable role that one member (sam) holds.
    engineering = (await t.discord.createRole(t.world.guild.id, { name: 'Engineering', mentionable: true })).id;
    await t.discord.updateMember(t.world.guild.id, t.world.people.member, { roles: [engineering] });
    await vi.waitFor(() => expect(botKnowsRole(t, engineering)).toBe(true));
  });
  afterAll(async () => {
    await t.close();
  });

  it('GIVEN compose → preview → Post THEN the posted embed is exactly the previewed one, and only the chosen role is pinged', async () => {
    const announcements = channelId(t, 'announcements');
    const body = 'The town hall moves to Friday. @everyone @here and <@&' + (t.world.role('moderators') ?? '') + '> read this.';
    const { opened, preview } = await compose(t, 'post', { channel: announcements, title: 'Town hall', ping: engineering }, body);

    expect(opened.modal?.title).toBe('Announcement');
    const shown = requireMessage(preview);
    expect(shown.ephemeralFor).toBe(t.world.people.moderator);
    expect(shown.content).toContain('**Preview**');
    expect(shown.content).toContain(`Notifies <@&${engineering}>: **1** member holds it.`);
    expect(shown.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(await postedAnnouncements(t.discord, announcements)).toHaveLength(0);

    const after = await clickAndSettle(t, shown, 'Post', moderatorIn(t));
    const [posted] = await postedAnnouncements(t.discord, announcements);
    expect(await postedAnnouncements(t.discord, announcements)).toHaveLength(1);
    expect(posted?.embeds).toEqual(shown.embeds);
    expect(posted?.embeds[0]).toMatchObject({ title: 'Town hall', description: body });
    expect(posted?.content).toBe(`<@&${engineering}>`);
    expect(posted?.allowedMentions).toEqual({ parse: [], roles: [engineering] });
    expect(posted?.pinged).toEqual({ everyone: false, roles: [engineering], users: [] });
    expect(after.reply?.content).toContain(`✅ Posted #`);
    expect(after.reply?.components).toEqual([]);
  });

  it('GIVEN `@everyone` typed in the body and no ping THEN the post pings no one', async () => {
    const general = channelId(t, 'general');
    const { preview } = await compose(t, 'post', { channel: general }, '@everyone @here the office is closed tomorrow.');
    expect(requireMessage(preview).content).toContain('Notifies **no one**');
    await clickAndSettle(t, requireMessage(preview), 'Post', moderatorIn(t));
    const [posted] = await postedAnnouncements(t.discord, general);
    expect(posted?.content).toBe('');
    expect(posted?.allowedMentions).toEqual({ parse: [] });
    expect(posted?.pinged).toEqual({ everyone: false, roles: [], users: [] });
  });

  it('GIVEN a member without Manage Server or the moderator role THEN the bot refuses them even though the command reached it', async () => {
    const result = await t.discord.invoke('/announce post', { channel: channelId(t, 'general') }, at(t.world, 'general', 'member'));
    expect(result.modal).toBeNull();
    expect(result.ephemeral).toBe(true);
    expect(result.reply?.content).toContain('Only moderators can do this');
    expect(result.reply?.content).toContain('Manage Server');
    const list = await t.discord.invoke('/announce list', {}, at(t.world, 'general', 'member'));
    expect(list.reply?.content).toContain('Only moderators can do this');
  });

  it("GIVEN the server's moderator role without Manage Server THEN its holder may announce, but not ping @everyone without Mention Everyone, nor switch the two-person rule", async () => {
    const helpers = (await t.discord.createRole(t.world.guild.id, { name: 'Helpers' })).id;
    await t.bot.context.moderation.setModeratorRole(t.world.guild.id, helpers, t.world.people.moderator);
    const helper = await newMember(t, 'hana', [helpers]);
    await vi.waitFor(() => expect(botKnowsRole(t, helpers)).toBe(true));

    const opened = await t.discord.invoke('/announce post', { channel: channelId(t, 'general') }, helper);
    expect(opened.modal).not.toBeNull();
    const everyone = await t.discord.invoke('/announce post', { channel: channelId(t, 'general'), ping: t.world.guild.id }, helper);
    expect(everyone.modal).toBeNull();
    expect(everyone.reply?.content).toContain('Mention @everyone');
    const setup = await t.discord.invoke('/announce setup', { approval: false }, helper);
    expect(setup.reply?.content).toContain('Manage Server');
  });

  it('GIVEN ping @everyone by a moderator with Mention Everyone THEN everyone is notified, and the preview says how many', async () => {
    const general = channelId(t, 'general');
    const { preview } = await compose(t, 'post', { channel: general, ping: t.world.guild.id }, 'All hands at noon.');
    expect(requireMessage(preview).content).toMatch(/Notifies \*\*@everyone\*\*: (every member of the server, about \*\*\d+\*\*|all \*\*\d+\*\* members)/);
    await clickAndSettle(t, requireMessage(preview), 'Post', moderatorIn(t));
    const posted = (await postedAnnouncements(t.discord, general)).at(-1);
    expect(posted?.content).toBe('@everyone');
    expect(posted?.pinged.everyone).toBe(true);
    expect(posted?.allowedMentions).toEqual({ parse: ['everyone'] });
  });

  it('GIVEN a channel where the bot cannot send THEN the preview names what is missing and offers no Post until it is fixed', async () => {
    const locked = (await t.discord.createChannel(t.world.guild.id, { name: 'locked', type: 'text' })).id;
    const botRole = t.world.guild.botRoleId ?? '';
    await t.discord.setPermissionOverwrites(locked, [{ id: botRole, type: 'role', deny: PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks }]);
    await vi.waitFor(() => expect(t.bot.client.channels.cache.get(locked)).toMatchObject({ permissionOverwrites: { cache: { size: 1 } } }));

    const { preview } = await compose(t, 'post', { channel: locked }, 'Will this go out?', { guildId: t.world.guild.id, channelId: channelId(t, 'general'), userId: t.world.people.moderator });
    const shown = requireMessage(preview);
    expect(shown.content).toContain("I'm missing **Send Messages**");
    expect(shown.content).toContain("I'm missing **Embed Links**");
    expect(buttonLabels(shown)).toEqual(['Check again', 'Edit', 'Cancel']);

    await t.discord.setPermissionOverwrites(locked, []);
    await vi.waitFor(() => expect(t.bot.client.channels.cache.get(locked)).toMatchObject({ permissionOverwrites: { cache: { size: 0 } } }));
    const rechecked = await clickAndSettle(t, shown, 'Check again', moderatorIn(t));
    const fixed = requireMessage(rechecked);
    expect(fixed.content).not.toContain('missing');
    await clickAndSettle(t, fixed, 'Post', moderatorIn(t));
    expect(await postedAnnouncements(t.discord, locked)).toHaveLength(1);
  });

  it('GIVEN publish:true in an announcement channel THEN the post is crossposted; in a text channel publish is refused', async () => {
    const announcements = channelId(t, 'announcements');
    const { preview } = await compose(t, 'post', { channel: announcements, publish: true }, 'Our CTO summit dates are out.');
    expect(requireMessage(preview).content).toContain('published to following servers');
    const after = await clickAndSettle(t, requireMessage(preview), 'Post', moderatorIn(t));
    expect(after.reply?.content).toContain('Published to following servers');
    const posted = (await postedAnnouncements(t.discord, announcements)).at(-1);
    expect((posted?.flags ?? 0) & MessageFlags.Crossposted).toBe(MessageFlags.Crossposted);

    const refused = await t.discord.invoke('/announce post', { channel: channelId(t, 'general'), publish: true }, moderatorIn(t));
    expect(refused.modal).toBeNull();
    expect(refused.reply?.content).toContain('only works in announcement channels');
  });

  it('GIVEN a posted announcement WHEN edited THEN the message in the channel changes, and history says who edited it', async () => {
    const general = channelId(t, 'general');
    const { preview } = await compose(t, 'post', { channel: general, title: 'Offsite' }, 'The offsite is in Lisbon.');
    const after = await clickAndSettle(t, requireMessage(preview), 'Post', moderatorIn(t));
    const id = announcementIdIn(after.reply?.content ?? '');
    const before = (await postedAnnouncements(t.discord, general)).at(-1);
    const count = (await postedAnnouncements(t.discord, general)).length;

    const opened = await t.discord.invoke('/announce edit', { id }, moderatorIn(t));
    expect(JSON.stringify(opened.modal)).toContain('The offsite is in Lisbon.');
    const submitted = await t.discord.submitModal(opened, { title: 'Offsite (moved)', body: 'The offsite is in Porto now.' });
    const edited = await t.discord.waitForInteraction(submitted.interactionId, (result) => !result.pending);
    expect(edited.reply?.content).toContain(`Edited #${id}`);

    const now = (await postedAnnouncements(t.discord, general)).find((message) => message.id === before?.id);
    expect(now?.embeds[0]).toMatchObject({ title: 'Offsite (moved)', description: 'The offsite is in Porto now.' });
    expect(now?.edited_timestamp).not.toBeNull();
    expect(now?.embeds).toEqual(edited.reply?.embeds);
    expect(await postedAnnouncements(t.discord, general)).toHaveLength(count);

    const history = await t.discord.invoke('/announce history', { channel: general }, moderatorIn(t));
    expect(history.reply?.embeds[0]?.description).toContain(`edited \`#${id}\` by <@${t.world.people.moderator}>`);
  });

  it('GIVEN Edit on a preview THEN the form holds the draft, the preview updates in place, and Post sends the edited text', async () => {
    const tipsChannel = channelId(t, 'leadership-tips');
    const { preview } = await compose(t, 'post', { channel: tipsChannel, title: 'Draft title' }, 'First wording.');
    const first = requireMessage(preview);
    const opened = await t.discord.click(first, 'Edit', moderatorIn(t));
    expect(JSON.stringify(opened.modal)).toContain('First wording.');
    expect(JSON.stringify(opened.modal)).toContain('Draft title');
    const revised = await t.discord.submitModal(opened, { title: 'Final title', body: 'Second wording.' });
    const updated = await t.discord.waitForInteraction(revised.interactionId, (result) => Boolean(result.reply?.content.startsWith('**Preview**')));
    const shown = requireMessage(updated);
    expect(shown.id).toBe(first.id);
    expect(shown.embeds[0]).toMatchObject({ title: 'Final title', description: 'Second wording.' });

    await clickAndSettle(t, shown, 'Post', moderatorIn(t));
    const posted = (await postedAnnouncements(t.discord, tipsChannel)).at(-1);
    expect(posted?.embeds).toEqual(shown.embeds);
  });

  it('GIVEN Cancel on a preview THEN the draft is discarded and nothing is posted', async () => {
    const questions = channelId(t, 'questions');
    const before = (await postedAnnouncements(t.discord, questions)).length;
    const { preview } = await compose(t, 'post', { channel: questions }, 'Never mind.');
    const after = await clickAndSettle(t, requireMessage(preview), 'Cancel', moderatorIn(t));
    expect(after.reply?.content).toContain('Discarded');
    expect(await postedAnnouncements(t.discord, questions)).toHaveLength(before);
  });

  it('GIVEN the two-person rule THEN a post waits in the queue, its author cannot approve it, and a second moderator approves it into the channel', async () => {
    const questions = channelId(t, 'questions');
    await t.discord.invoke('/announce setup', { approval: true }, moderatorIn(t));
    const { preview } = await compose(t, 'post', { channel: questions }, 'New channel rules from Monday.');
    expect(requireMessage(preview).content).toContain('two-person rule');
    const submitted = await clickAndSettle(t, requireMessage(preview), 'Submit for approval', moderatorIn(t));
    const id = announcementIdIn(submitted.reply?.content ?? '');
    expect(submitted.reply?.content).toContain('waits for a second moderator');
    expect(await postedAnnouncements(t.discord, questions)).toHaveLength(0);

    const ownQueue = await t.discord.invoke('/announce queue', {}, moderatorIn(t));
    expect(ownQueue.reply?.content).toContain('You wrote this one');
    expect(ownQueue.reply?.components?.[0]).toMatchObject({ components: [{ label: 'Approve', disabled: true }, { label: 'Reject' }] });

    const second = await newMember(t, 'quinn', [t.world.role('moderators') ?? '']);
    const queue = await t.discord.invoke('/announce queue', {}, second);
    const item = requireMessage(queue);
    expect(item.embeds).toEqual(requireMessage(preview).embeds);
    const approved = await clickAndSettle(t, item, 'Approve', second);
    expect(approved.reply?.content).toContain(`Approved #${id}`);
    await vi.waitFor(async () => expect(await postedAnnouncements(t.discord, questions)).toHaveLength(1));
    // The author hears of it after the post went out: wait for the DM, not for the post alone.
    await vi.waitFor(async () => {
      const last = (await t.discord.dms(t.world.people.moderator)).at(-1)?.content ?? '';
      expect(last).toContain(`#${id}`);
      expect(last).toContain('approved');
    });

    const history = await t.discord.invoke('/announce history', { channel: questions }, moderatorIn(t));
    const trail = history.reply?.embeds[0]?.description ?? '';
    expect(trail).toContain(`approved \`#${id}\` by <@${second.userId}>`);
    expect(trail).toContain(`created \`#${id}\` by <@${t.world.people.moderator}>`);
    await t.discord.invoke('/announce setup', { approval: false }, moderatorIn(t));
  });
});
