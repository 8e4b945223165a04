import Database from 'better-sqlite3';
import type { LocalDiscordDriver } from '../../../src/local-discord/index.js';
import type { SandboxWorld } from '../../../src/sandbox/world.js';
import type { ConfirmedAnswer, ConfirmedQuestion, LoadCommunity } from './workload.js';

/**
 * Members for a load: `count` new members of the sandbox server (a member asks at most 5 questions
 * per 10 minutes), the sandbox's moderator, its Q&A channel set up and a tips schedule to report on.
 */
export async function loadCommunity(discord: LocalDiscordDriver, world: SandboxWorld, count: number): Promise<LoadCommunity> {
  const guildId = world.guild.id;
  const members: string[] = [world.people.member];
  for (let index = 1; index < count; index += 1) members.push((await discord.createMember(guildId, { username: `member-${index}` })).user.id);
  const channel = (name: string) => world.channelIds.get(name) ?? '';
  const moderator = { guildId, channelId: channel('general'), userId: world.people.moderator };
  for (const [command, options] of [
    ['/qa setup', { channel: channel('questions'), 'question-limit': 5 }],
    ['/tips setup', { channel: channel('leadership-tips'), time: '09:00', timezone: 'Europe/London' }],
  ] as const) {
    const result = await discord.invoke(command, options, moderator);
    if (!result.reply) throw new Error(`${command} was not answered`);
  }
  return {
    discord,
    guildId,
    questionsChannelId: channel('questions'),
    channelIds: [channel('general'), channel('questions')],
    members,
    moderators: [world.people.moderator],
  };
}

interface QuestionRow {
  number: number | null;
  asker_id: string;
  text: string;
  publication: string;
  message_id: string | null;
  thread_id: string | null;
}

interface AnswerRow {
  number: number | null;
  author_id: string;
  text: string;
  delivery: string;
  deleted_at: string | null;
}

/** The rows a load left, read from the bot's database file (beside the running bot, or after it died). */
export function readQaRows(databasePath: string, guildId: string): { questions: QuestionRow[]; answers: AnswerRow[]; integrity: string } {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: String(db.pragma('integrity_check', { simple: true })),
      questions: db.prepare<[string], QuestionRow>('SELECT number, asker_id, text, publication, message_id, thread_id FROM qa_questions WHERE guild_id = ?').all(guildId),
      answers: db
        .prepare<[string], AnswerRow>(
          'SELECT q.number, a.author_id, a.text, a.delivery, a.deleted_at FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id WHERE a.guild_id = ?',
        )
        .all(guildId),
    };
  } finally {
    db.close();
  }
}

/** Confirmed questions and answers missing from the database (or stored differently): each one a lost write. */
export function missingRows(rows: ReturnType<typeof readQaRows>, confirmed: { questions: readonly ConfirmedQuestion[]; answers: readonly ConfirmedAnswer[] }): string[] {
  const missing: string[] = [];
  for (const question of confirmed.questions) {
    const row = rows.questions.find((candidate) => candidate.number === question.number);
    if (!row) missing.push(`question #${question.number} was confirmed to its asker but has no row`);
    else if (row.asker_id !== question.askerId || row.text !== question.text) missing.push(`question #${question.number} is stored as ${JSON.stringify(row.text)} by ${row.asker_id}`);
  }
  for (const answer of confirmed.answers) {
    if (!rows.answers.some((row) => row.number === answer.questionNumber && row.author_id === answer.authorId && row.text === answer.text)) {
      missing.push(`an answer to #${answer.questionNumber} was confirmed to its author but has no row: ${JSON.stringify(answer.text)}`);
    }
  }
  return missing;
}

/**
 * What Discord shows against the database: every question stored as posted has exactly one message in
 * the Q&A channel, and every posted answer exactly one in its question's thread; confirmed questions
 * and answers are all posted by now.
 */
export async function postingProblems(discord: LocalDiscordDriver, questionsChannelId: string, rows: ReturnType<typeof readQaRows>): Promise<string[]> {
  const problems: string[] = [];
  const inChannel = (await discord.messages(questionsChannelId)).filter((message) => !message.deleted);
  for (const question of rows.questions) {
    const title = `Question #${question.number ?? '?'}`;
    const copies = inChannel.filter((message) => message.embeds[0]?.title === title).length;
    if (question.publication === 'posted' && copies !== 1) problems.push(`${title} is posted ${copies} times`);
    if (question.publication !== 'posted') problems.push(`${title} is still ${question.publication}`);
    if (!question.thread_id) continue;
    const answers = rows.answers.filter((answer) => answer.number === question.number && answer.deleted_at === null);
    const inThread = (await discord.messages(question.thread_id)).filter((message) => !message.deleted && message.embeds[0]?.title === `Answer to #${question.number ?? '?'}`).length;
    const posted = answers.filter((answer) => answer.delivery === 'posted').length;
    if (inThread !== posted) problems.push(`#${question.number ?? '?'} has ${posted} posted answers but ${inThread} answer messages`);
    if (posted !== answers.length) problems.push(`#${question.number ?? '?'} has ${answers.length - posted} answers still pending`);
  }
  return problems;
}
