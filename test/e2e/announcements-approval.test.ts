import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { announceId } from '../../src/announcements/custom-ids.js';
import { ManualClock } from '../../src/core/clock.js';
import type { InteractionContext, LoggedMessage } from '../../src/local-discord/index.js';
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
import { startTestBot, type TestBot } from './support/harness.js';

/** The two-person rule holds against whoever wrote the text last, not only against who created the announcement. */
describe('/announce: the two-person rule after an edit', () => {
  let t: TestBot;
  let bea: InteractionContext;
  let cal: InteractionContext;

  beforeAll(async () => {
    t = await startTestBot({ clock: new ManualClock('2026-03-10T08:00:00Z') });
    bea = await newMember(t, 'bea', [t.world.role('moderators') ?? '']);
    cal = await newMember(t, 'cal', [t.world.role('moderators') ?? '']);
    await t.discord.invoke('/announce setup', { approval: true }, moderatorIn(t));
  });
  afterAll(async () => {
    await t.close();
  });

  /** `/announce edit id` and its form: the moderator's new body. */
  async function rewrite(id: number, body: string, who: InteractionContext): Promise<string> {
    const opened = await t.discord.invoke('/announce edit', { id }, who);
    if (!opened.modal) throw new Error(`no edit form: ${opened.reply?.content ?? ''}`);
    const submitted = await t.discord.submitModal(opened, { title: '', body });
    const done = await t.discord.waitForInteraction(submitted.interactionId, (result) => Boolean(result.reply?.content));
    return done.reply?.content ?? '';
  }

  /** Approve as `who` the revision the queue would show, even where the button is shown disabled (a crafted click). */
  async function approveAs(id: number, who: InteractionContext): Promise<string> {
    const queue = requireMessage(await t.discord.invoke('/announce queue', {}, who));
    const { revision } = await t.bot.context.announcements.get(t.world.guild.id, id);
    const clicked = await t.discord.craft({ kind: 'button', customId: announceId('approve', id, revision), message: queue as LoggedMessage }, who);
    const settled = await t.discord.waitForInteraction(clicked.interactionId, (result) =>
      [result.reply, ...result.followUps].some((message) => Boolean(message?.content) && !message?.content.startsWith('⏳')),
    );
    return [settled.reply, ...settled.followUps].map((message) => message?.content ?? '').join('\n');
  }

  it("GIVEN moderator A's pending announcement WHEN moderator B rewrites it THEN B cannot approve her own text, and A may approve it", async () => {
    const questions = channelId(t, 'questions');
    const { preview } = await compose(t, 'post', { channel: questions }, 'Office hours are on Tuesday.');
    const id = announcementIdIn((await clickAndSettle(t, requireMessage(preview), 'Submit for approval', moderatorIn(t))).reply?.content ?? '');

    expect(await rewrite(id, 'Office hours are cancelled, forever.', bea)).toContain(`#${id}`);
    const beaQueue = requireMessage(await t.discord.invoke('/announce queue', {}, bea));
    expect(beaQueue.content).toContain('You wrote');
    expect(buttonLabels(beaQueue)).toEqual(['Approve', 'Reject']);
    expect(beaQueue.components?.[0]).toMatchObject({ components: [{ label: 'Approve', disabled: true }, { label: 'Reject' }] });

    expect(await approveAs(id, bea)).toContain('another moderator has to approve it');
    expect(await postedAnnouncements(t.discord, questions)).toHaveLength(0);

    expect(await approveAs(id, moderatorIn(t))).toContain(`Approved #${id}`);
    await vi.waitFor(async () => expect((await postedAnnouncements(t.discord, questions)).map((message) => message.embeds[0]?.description)).toEqual(['Office hours are cancelled, forever.']));
  });

  it('GIVEN an approved, scheduled announcement WHEN a moderator rewrites it THEN it goes back to the queue and she cannot approve it again', async () => {
    const general = channelId(t, 'general');
    const { preview } = await compose(t, 'schedule', { channel: general, at: '2026-03-12 09:00', timezone: 'UTC' }, 'Demo day on Thursday.');
    const id = announcementIdIn((await clickAndSettle(t, requireMessage(preview), 'Submit for approval', moderatorIn(t))).reply?.content ?? '');
    expect(await approveAs(id, cal)).toContain(`Approved #${id}`);

    expect(await rewrite(id, 'Demo day is now a hackathon.', cal)).toContain('queue');
    expect(await approveAs(id, cal)).toContain('another moderator has to approve it');
    expect((await t.bot.context.announcements.get(t.world.guild.id, id)).status).toBe('pending');

    expect(await approveAs(id, bea)).toContain(`Approved #${id}`);
    expect((await t.bot.context.announcements.get(t.world.guild.id, id)).status).toBe('scheduled');
  });

  it('GIVEN a posted announcement under the two-person rule WHEN a moderator edits it, by the command or a crafted form THEN it is refused and the posted message keeps its approved text', async () => {
    const questions = channelId(t, 'questions');
    const before = (await postedAnnouncements(t.discord, questions)).length;
    const { preview } = await compose(t, 'post', { channel: questions }, 'Town hall moves to the big room.');
    const id = announcementIdIn((await clickAndSettle(t, requireMessage(preview), 'Submit for approval', moderatorIn(t))).reply?.content ?? '');
    expect(await approveAs(id, bea)).toContain(`Approved #${id}`);
    await vi.waitFor(async () => expect(await postedAnnouncements(t.discord, questions)).toHaveLength(before + 1));

    const opened = await t.discord.invoke('/announce edit', { id }, cal);
    expect(opened.modal).toBeNull();
    expect(opened.reply?.content).toContain('needs a second moderator');
    // A form opened earlier, or crafted: the same rule where the text is saved.
    const queue = requireMessage(await t.discord.invoke('/announce queue', {}, cal));
    const crafted = await t.discord.craft({ kind: 'modal', customId: announceId('amend', id), fields: { title: '', body: 'Log in at the new portal: [here](https://evil.example)' }, message: queue as LoggedMessage }, cal);
    const answered = await t.discord.waitForInteraction(crafted.interactionId, (result) => Boolean(result.reply?.content));
    expect(answered.reply?.content).toContain('needs a second moderator');

    const posted = (await postedAnnouncements(t.discord, questions)).at(-1);
    expect(posted?.embeds[0]?.description).toBe('Town hall moves to the big room.');
    expect(await t.bot.context.announcements.get(t.world.guild.id, id)).toMatchObject({ status: 'posted', body: 'Town hall moves to the big room.' });
  });

  it('GIVEN an announcement waiting in the queue WHEN the two-person rule is turned off THEN the reply says what becomes of it and its author may approve it', async () => {
    const questions = channelId(t, 'questions');
    const before = (await postedAnnouncements(t.discord, questions)).length;
    const { preview } = await compose(t, 'post', { channel: questions }, 'Retro on Friday.');
    const id = announcementIdIn((await clickAndSettle(t, requireMessage(preview), 'Submit for approval', moderatorIn(t))).reply?.content ?? '');

    const off = await t.discord.invoke('/announce setup', { approval: false }, moderatorIn(t));
    expect(off.reply?.content).toMatch(/Two-person rule \*\*off\*\*.*still waits? in `\/announce queue`: any moderator, its author too, can now \*\*Approve\*\*/);
    const queue = requireMessage(await t.discord.invoke('/announce queue', {}, moderatorIn(t)));
    expect(queue.content).toContain('The two-person rule is off now');
    expect(await approveAs(id, moderatorIn(t))).toContain(`Approved #${id}`);
    await vi.waitFor(async () => expect(await postedAnnouncements(t.discord, questions)).toHaveLength(before + 1));

    const { preview: direct } = await compose(t, 'post', { channel: questions }, 'No queue now.');
    expect(buttonLabels(requireMessage(direct))).toEqual(['Post', 'Edit', 'Cancel']);
  });
});
