import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { answerText, answerVia, askQuestion, buttonLabels, confirmedModeration, deleteAsModerator, fieldOf, questionMessage, settled, qaCast, type Where } from '../support/qa-discord.js';
import { startTestBot, type TestBot } from './support/harness.js';

/** The whole Q&A flow in a text channel: a message per question with a thread for its answers. */
describe('Community Q&A in a text channel', () => {
  let t: TestBot;
  let questions: string;
  let sam: Where;
  let morgan: Where;
  let alex: Where;
  let posted: LoggedMessage;
  let answer: LoggedMessage;

  beforeAll(async () => {
    t = await startTestBot();
    ({ questions, sam, morgan, alex } = await qaCast(t, { setup: false }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN /qa setup channel: by a member without Manage Server THEN it is refused privately and nothing changes', async () => {
    const refused = await t.discord.invoke('/qa setup', { channel: questions }, sam);
    expect(refused.ephemeral).toBe(true);
    expect(answerText(refused)).toMatch(/Manage Server/);
  });

  it('GIVEN a moderator sets the Q&A channel THEN the settings say so, privately', async () => {
    const setup = await t.discord.invoke('/qa setup', { channel: questions }, morgan);
    expect(setup.ephemeral).toBe(true);
    expect(fieldOf(setup.reply as LoggedMessage, 'Q&A channel')).toContain(`<#${questions}>`);
  });

  it('GIVEN a member asks with @everyone and a role mention THEN #1 is posted in the Q&A channel with a thread, Answer/Upvote/Follow, and pings nobody', async () => {
    const text = `How do I run weekly one-on-ones with a new engineering manager? @everyone <@&${t.world.role('moderators') ?? ''}>`;
    const asked = await askQuestion(t, text, sam);
    expect(asked.ephemeral).toBe(true);
    expect(answerText(asked)).toMatch(/Posted \*\*#1\*\*/);
    posted = await questionMessage(t, questions, 1);
    expect(posted.embeds[0]?.description).toContain('@everyone');
    expect(posted.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(buttonLabels(posted)).toEqual(['Answer', 'Upvote (0)', 'Follow']);
    expect(fieldOf(posted, 'Asked by')).toBe(`<@${sam.userId}>`);
    expect(fieldOf(posted, 'Status')).toBe('Open');
    expect(posted.thread?.id).toBe(posted.id);
  });

  it('GIVEN a similar question THEN the member sees #1 first, and "That answers it" posts nothing', async () => {
    const asked = await t.discord.invoke('/question ask', { text: 'What is a good way to run weekly one-on-ones with a new manager?' }, alex);
    expect(asked.reply?.embeds[0]?.title).toBe('Has this been asked before?');
    expect(asked.reply?.embeds[0]?.description).toContain('**#1**');
    const resolved = await t.discord.click(asked.reply as LoggedMessage, 'That answers it', alex);
    expect(answerText(resolved)).toContain('Nothing was posted');
    const messages = await t.discord.messages(questions);
    expect(messages.filter((message) => message.embeds[0]?.title?.startsWith('Question #'))).toHaveLength(1);
  });

  it('GIVEN another member follows and a moderator answers THEN the answer is in the thread and asker and follower get exactly one DM each', async () => {
    const followed = await t.discord.click(posted, 'Follow', alex);
    expect(answerText(followed)).toContain('You follow **#1**');
    const answered = await answerVia(t, posted, 'Keep them weekly, 30 minutes, their agenda first. @everyone', morgan);
    expect(answerText(answered)).toMatch(/Your answer to \*\*#1\*\* is posted/);
    answer = await t.discord.waitForMessage(posted.id, (message) => message.embeds[0]?.title === 'Answer to #1');
    expect(answer.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(buttonLabels(answer)).toEqual(['Upvote (0)', 'Accept', 'Edit', 'Delete']);
    expect(await t.discord.dms(sam.userId)).toHaveLength(1);
    expect(await t.discord.dms(alex.userId)).toHaveLength(1);
    expect(await t.discord.dms(morgan.userId)).toHaveLength(0);
    expect((await t.discord.dms(sam.userId))[0]?.content).toContain('New answer to your question #1');
    await questionMessage(t, questions, 1, (message) => fieldOf(message, 'Answers') === '1');
  });

  it('GIVEN upvotes THEN one per member, never on your own post, and a second click withdraws', async () => {
    expect(answerText(await t.discord.click(posted, 'Upvote (0)', sam))).toContain('cannot upvote your own question');
    expect(answerText(await settled(t, await t.discord.click(posted, 'Upvote (0)', alex), (words) => words.includes('Upvoted')))).toContain('(1 now)');
    posted = await questionMessage(t, questions, 1, (message) => buttonLabels(message).includes('Upvote (1)'));
    const withdrawn = await settled(t, await t.discord.click(posted, 'Upvote (1)', alex), (words) => words.includes('withdrawn'));
    expect(answerText(withdrawn)).toContain('(0 now)');
    const onAnswer = await settled(t, await t.discord.click(answer, 'Upvote (0)', sam), (words) => words.includes('Upvoted'));
    expect(answerText(onAnswer)).toContain('(1 now)');
    expect(answerText(await t.discord.click(answer, 0, morgan))).toContain('cannot upvote your own answer');
  });

  it('GIVEN a member who did not ask clicks Accept THEN it is refused privately and the question stays open', async () => {
    const refused = await t.discord.click(answer, 'Accept', alex);
    expect(refused.ephemeral).toBe(true);
    expect(answerText(refused)).toContain('Only the member who asked #1');
    expect(fieldOf(await questionMessage(t, questions, 1), 'Status')).toBe('Open');
    // /question show is private: only the asker's copy carries Accept buttons.
    expect(buttonLabels((await t.discord.invoke('/question show', { id: 1 }, sam)).reply as LoggedMessage).some((label) => label.startsWith('Accept answer'))).toBe(true);
    expect(buttonLabels((await t.discord.invoke('/question show', { id: 1 }, alex)).reply as LoggedMessage).some((label) => label.startsWith('Accept'))).toBe(false);
  });

  it('GIVEN a member clicks Edit or Delete on someone else\'s answer THEN no form opens and it is refused', async () => {
    const edit = await t.discord.click(answer, 'Edit', alex);
    expect(edit.modal).toBeNull();
    expect(answerText(edit)).toContain('Only the member who wrote this answer');
    expect(answerText(await t.discord.click(answer, 'Delete', alex))).toContain('Only the member who wrote this answer');
  });

  it('GIVEN the asker accepts THEN the question shows the accepted answer and Answered, and the leaderboard credits the helper', async () => {
    const accepted = await settled(t, await t.discord.click(answer, 'Accept', sam), (words) => words.includes('Accepted'));
    expect(accepted.ephemeral).toBe(true);
    const updated = await questionMessage(t, questions, 1, (message) => fieldOf(message, 'Status') === 'Answered ✅');
    expect(fieldOf(updated, 'Accepted answer')).toContain('Keep them weekly');
    expect(fieldOf(updated, 'Accepted answer')).toContain(`<@${morgan.userId}>`);
    await t.discord.waitForMessage(posted.id, (message) => message.embeds[0]?.title === '✅ Accepted answer to #1');
    const board = await t.discord.invoke('/leaderboard', { period: 'week' }, sam);
    expect(board.ephemeral).toBe(false);
    expect(board.reply?.embeds[0]?.description).toContain(`<@${morgan.userId}> · **17** reputation`);
    expect(board.reply?.pinged).toEqual({ everyone: false, roles: [], users: [] });
    const profile = await t.discord.invoke('/profile', { member: morgan.userId }, sam);
    expect(fieldOf(profile.reply as LoggedMessage, 'Reputation')).toBe('17');
  });

  it('GIVEN /questions list, search and /question show THEN #1 is found with its answer', async () => {
    const listed = await t.discord.invoke('/questions list', { status: 'answered' }, alex);
    expect(listed.reply?.embeds[0]?.description).toContain('**#1**');
    const searched = await t.discord.invoke('/questions search', { query: 'their agenda first' }, alex);
    expect(searched.reply?.embeds[0]?.description).toContain('**#1**');
    const shown = await t.discord.invoke('/question show', { id: 1 }, alex);
    expect(shown.reply?.embeds[1]?.fields?.[0]?.name).toContain('✅ Accepted');
    const opened = await t.discord.select(listed.reply as LoggedMessage, 0, ['q1'], alex);
    expect(opened.reply?.embeds[0]?.title).toBe('Question #1');
  });

  it('GIVEN /ask with the same question THEN the accepted community answer is shown, labelled with its author', async () => {
    const asked = await t.discord.invoke('/ask', { question: 'How do I run weekly one-on-ones with a new engineering manager?' }, alex);
    const community = asked.reply?.embeds.find((embed) => embed.author?.name === 'Community answer');
    expect(community?.description).toContain('Keep them weekly');
    expect(community?.fields?.find((field) => field.name === 'Answered by')?.value).toBe(`<@${morgan.userId}>`);
  });

  it('GIVEN "Ask the community" under an /ask answer THEN a form prefilled with the question posts it as the next number', async () => {
    const asked = await t.discord.invoke('/ask', { question: 'How should a CTO budget for cloud costs next year?' }, alex);
    const form = await t.discord.click(asked.reply as LoggedMessage, 'Ask the community', alex);
    expect(form.modal?.title).toBe('Ask the community');
    const submitted = await t.discord.submitModal(form, { text: 'How should a CTO budget for cloud costs next year, with a team of 12?' });
    const final = (await t.discord.interaction(submitted.interactionId)).reply?.embeds[0]?.title === 'Has this been asked before?'
      ? await settled(t, await t.discord.click(submitted.reply as LoggedMessage, 'Post mine anyway', alex), (words) => words.includes('Posted'))
      : submitted;
    expect(answerText(final)).toMatch(/Posted \*\*#2\*\*/);
    await questionMessage(t, questions, 2);
  });

  it('GIVEN a moderator deletes an answer\'s message on Discord THEN the answer is marked deleted and the question no longer counts it', async () => {
    const second = await answerVia(t, await questionMessage(t, questions, 2), 'Start from last year plus the hiring plan.', morgan);
    expect(answerText(second)).toContain('is posted');
    const message = await t.discord.waitForMessage((await questionMessage(t, questions, 2)).id, (candidate) => candidate.embeds[0]?.title === 'Answer to #2');
    await questionMessage(t, questions, 2, (candidate) => fieldOf(candidate, 'Answers') === '1');
    deleteAsModerator(t, message);
    await questionMessage(t, questions, 2, (candidate) => fieldOf(candidate, 'Answers') === '0');
    const shown = await t.discord.invoke('/question show', { id: 2 }, alex);
    expect(shown.reply?.embeds[1]?.title).toBe('No answers yet');
  });

  it('GIVEN a moderator deletes a question\'s message on Discord THEN it is marked deleted and its number answers so', async () => {
    deleteAsModerator(t, await questionMessage(t, questions, 2));
    const shown = await t.discord.invoke('/question show', { id: 2 }, alex);
    expect(answerText(shown)).toContain('#2 was removed by a moderator');
    const audit = await t.discord.invoke('/qa audit', { id: 2 }, morgan);
    expect(audit.reply?.embeds[0]?.description).toContain('**#2**: its message was **deleted on Discord**');
  });

  it('GIVEN an anonymous question THEN no name is shown, and the export leaves the asker out', async () => {
    const asked = await askQuestion(t, 'We are planning layoffs next quarter; how do I tell my engineering managers first?', alex, { anonymous: true });
    expect(answerText(asked)).toContain('Your name is not shown');
    const message = await questionMessage(t, questions, 3);
    expect(fieldOf(message, 'Asked by')).toBe('Anonymous member');
    expect(JSON.stringify(message)).not.toContain(alex.userId);
    const exported = await settled(t, await t.discord.invoke('/qa export', { format: 'csv' }, morgan), (words) => words.includes('CSV'));
    const file = exported.reply?.attachments[0];
    expect(file?.filename).toMatch(/\.csv$/);
    const csv = (await t.discord.attachment(file?.id ?? '')).data.toString('utf8');
    expect(csv).toContain('How do I run weekly one-on-ones');
    expect(csv).toContain('layoffs next quarter');
    expect(csv).not.toContain(alex.userId);
    const json = await settled(t, await t.discord.invoke('/qa export', { format: 'json' }, morgan), (words) => words.includes('JSON'));
    const data = JSON.parse((await t.discord.attachment(json.reply?.attachments[0]?.id ?? '')).data.toString('utf8')) as { questions: { number: number; askerId: string | null }[] };
    expect(data.questions.find((question) => question.number === 3)?.askerId).toBeNull();
  });

  it('GIVEN a member runs a moderator command THEN it is refused privately', async () => {
    for (const [command, options] of [['/qa close', { id: 1 }], ['/qa export', { format: 'json' }], ['/qa audit', {}]] as const) {
      const refused = await t.discord.invoke(command, options, alex);
      expect(refused.ephemeral).toBe(true);
      expect(answerText(refused)).toContain('Only moderators');
    }
  });

  it('GIVEN a moderator closes, locks and merges THEN the embeds follow and every action is in the audit log', async () => {
    expect(answerText(await confirmedModeration(t, '/qa close', { id: 1 }, morgan))).toContain('#1** is closed');
    const closed = await questionMessage(t, questions, 1, (message) => fieldOf(message, 'Status') === 'Closed');
    expect(closed.components).toHaveLength(1);
    expect(answerText(await t.discord.click(closed, 'Follow', alex))).toContain('no longer follow');
    expect(answerText(await t.discord.invoke('/question answer', { id: 1 }, alex))).toContain('is closed');
    await t.discord.invoke('/qa reopen', { id: 1 }, morgan);
    await t.discord.invoke('/qa lock', { id: 3 }, morgan);
    expect(answerText(await t.discord.invoke('/question answer', { id: 3 }, sam))).toContain('locked');
    await t.discord.invoke('/qa unlock', { id: 3 }, morgan);
    const merged = await confirmedModeration(t, '/qa merge', { id: 3, into: 1 }, morgan);
    expect(answerText(merged)).toContain('merged into **#1**');
    await questionMessage(t, questions, 3, (message) => fieldOf(message, 'Merged') !== undefined);
    const audit = await t.discord.invoke('/qa audit', {}, morgan);
    const log = audit.reply?.embeds[0]?.description ?? '';
    for (const deed of ['**closed** #1', '**reopened** #1', '**locked** #3', '**unlocked** #3', '**merged** #3 into #1', `**changed the Q&A settings**: Q&A channel <#${questions}>`]) {
      expect(log).toContain(`<@${morgan.userId}> ${deed}`);
    }
    // Plain words only: no JSON and none of the bot's own field or action names.
    expect(log).not.toMatch(/[{}"]|\bkind\b|channelId|merged-in|\*\*(close|merge|setup)\*\*/);
  });

  it('GIVEN /qa stats THEN moderators see counts (removed questions left out), shares and times, privately', async () => {
    const stats = await t.discord.invoke('/qa stats', { period: 'week' }, morgan);
    expect(stats.ephemeral).toBe(true);
    const embed = stats.reply as LoggedMessage;
    expect(fieldOf(embed, 'Questions asked')).toBe('2');
    expect(fieldOf(embed, 'Answered')).toBe('50%');
    expect(fieldOf(embed, 'Median time to first answer')).toMatch(/min|h/);
  });

  it('GIVEN review is on THEN an anonymous question waits for a moderator, who approves it from /qa review, and the asker is told privately', async () => {
    await t.discord.invoke('/qa setup', { review: true }, morgan);
    const asked = await askQuestion(t, 'My co-founder wants to cut engineering pay by 10%: how do I push back?', alex, { anonymous: true });
    expect(answerText(asked)).toContain('waiting for a moderator');
    expect(answerText(await t.discord.invoke('/qa review', {}, alex))).toContain('Only moderators');
    const queue = await t.discord.invoke('/qa review', {}, morgan);
    expect(queue.reply?.embeds[0]?.description).toContain('cut engineering pay');
    expect(JSON.stringify(queue.reply)).not.toContain(alex.userId);
    const approved = await t.discord.waitForInteraction((await t.discord.click(queue.reply as LoggedMessage, 'Approve', morgan)).interactionId, (state) => answerText(state).includes('Approved'));
    expect(answerText(approved)).toContain('posted as **#4**');
    expect(fieldOf(await questionMessage(t, questions, 4), 'Asked by')).toBe('Anonymous member');
    expect((await t.discord.dms(alex.userId)).some((dm) => dm.content.includes('approved and posted as **#4**'))).toBe(true);
  });

  it('GIVEN /qa notify off THEN the asker gets no DM for the next answer', async () => {
    const before = (await t.discord.dms(sam.userId)).length;
    expect(answerText(await t.discord.invoke('/qa notify', { mode: 'off' }, sam))).toContain('No more DMs');
    await answerVia(t, await questionMessage(t, questions, 1), 'Also: rotate the facilitator.', alex);
    await t.discord.waitForMessage(posted.id, (message) => message.embeds[0]?.description === 'Also: rotate the facilitator.');
    expect(await t.discord.dms(sam.userId)).toHaveLength(before);
  });

  it('GIVEN a moderator role set with /qa setup moderator-role: THEN its members moderate Q&A without Manage Messages', async () => {
    const role = await t.discord.createRole(t.world.guild.id, { name: 'Q&A helpers' });
    await t.discord.updateMember(t.world.guild.id, alex.userId, { roles: [role.id] });
    expect(answerText(await t.discord.invoke('/qa setup', { 'moderator-role': role.id }, alex))).toContain('Manage Server');
    const setup = await t.discord.invoke('/qa setup', { 'moderator-role': role.id }, morgan);
    expect(fieldOf(setup.reply as LoggedMessage, 'Moderator role')).toContain(`<@&${role.id}>`);
    const audit = await t.discord.invoke('/qa audit', {}, alex);
    expect(audit.reply?.embeds[0]?.title).toBe('Q&A moderation log');
  });
});
