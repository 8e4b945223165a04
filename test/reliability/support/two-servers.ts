import { PermissionFlagsBits } from 'discord-api-types/v10';
import { BOT_PERMISSIONS } from '../../../src/discord/invite.js';
import { DEFAULT_RATE_LIMITS, LocalDiscord, type InteractionContext, type InteractionResult, type LoggedMessage } from '../../../src/local-discord/index.js';
import { createSandboxWorld, type SandboxWorld } from '../../../src/sandbox/world.js';
import { answerVia, askQuestion, questionMessage, type Where } from '../../support/qa-discord.js';
import { botEnvironment, scratchDir, spawnBot, type BotProcess } from '../../e2e/support/harness.js';
import { expectNothingOffSpec } from '../../support/spec-checks.js';

/**
 * Words only the other server's data holds (its name, questions, answers, announcements, /ask log):
 * seen in anything the home server is shown, data crossed servers.
 */
export const OTHER_SERVER_MARKER = 'quokka';

const GLOBAL_PER_SECOND = 1_000;

/** The second server: its own channels, moderator role, owner and member, and data of its own. */
export interface OtherServer {
  readonly guildId: string;
  readonly ownerId: string;
  readonly memberId: string;
  readonly moderatorRoleId: string;
  readonly lounge: string;
  readonly questions: string;
  readonly news: string;
}

/** The sandbox server ("home", where the fuzzing happens), a second server, and the bot as its own process. */
export interface TwoServers {
  readonly discord: LocalDiscord;
  readonly home: SandboxWorld;
  readonly other: OtherServer;
  readonly databasePath: string;
  readonly bot: BotProcess;
  close(): Promise<void>;
}

export const homeAs = (home: SandboxWorld, who: 'member' | 'moderator', channel = 'general'): Where => ({
  guildId: home.guild.id,
  channelId: home.channelIds.get(channel) ?? '',
  userId: home.people[who],
});

async function createOtherServer(discord: LocalDiscord): Promise<OtherServer> {
  const owner = await discord.createUser({ username: 'quinn' });
  const guild = await discord.createGuild({ name: 'Quokka Harbor', ownerId: owner.id, botPermissions: BOT_PERMISSIONS });
  const lounge = await discord.createChannel(guild.id, { name: 'lounge' });
  const questions = await discord.createChannel(guild.id, { name: 'asks' });
  const news = await discord.createChannel(guild.id, { name: 'news', type: 'announcement' });
  const role = await discord.createRole(guild.id, { name: 'Keepers', permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageMessages, mentionable: true });
  const member = await discord.createMember(guild.id, { username: 'pat' });
  return { guildId: guild.id, ownerId: owner.id, memberId: member.user.id, moderatorRoleId: role.id, lounge: lounge.id, questions: questions.id, news: news.id };
}

function requireText(result: InteractionResult, pattern: RegExp, what: string): void {
  const text = [result.reply, ...result.followUps].map((message) => `${message?.content ?? ''} ${message?.embeds.map((embed) => embed.description ?? '').join(' ') ?? ''}`).join(' ');
  if (!pattern.test(text)) throw new Error(`${what}: unexpected answer ${JSON.stringify(text.slice(0, 300))}`);
}

/** `/announce post|schedule`, the form, and (for a post) Post on the preview. */
async function announce(discord: LocalDiscord, where: InteractionContext, subcommand: 'post' | 'schedule', options: Record<string, string>, body: string, post: boolean): Promise<void> {
  const opened = await discord.invoke(`/announce ${subcommand}`, options, where);
  if (!opened.modal) throw new Error(`/announce ${subcommand} opened no form: ${opened.reply?.content ?? ""}`);
  const submitted = await discord.submitModal(opened, { body });
  const preview = await discord.waitForInteraction(submitted.interactionId, (result) => Boolean(result.reply?.components?.length));
  if (!post || !preview.reply) return;
  const clicked = await discord.click(preview.reply, subcommand === 'post' ? 'Post' : 'Schedule', where);
  await discord.waitForInteraction(clicked.interactionId, (result) => /Posted|Scheduled|posted|scheduled/.test(result.reply?.content ?? ''), 10_000);
}

/** Questions, an answer, /ask, announcements and tips in a server, as its members would leave them. */
async function seedServer(
  discord: LocalDiscord,
  people: { asker: Where; moderator: Where },
  channels: { questions: string; posts: string; news: string },
  words: string,
): Promise<void> {
  const driven = { discord };
  requireText(await discord.invoke('/qa setup', { channel: channels.questions }, people.moderator), /./, '/qa setup');
  const first = await askQuestion(driven, `${words}: how do we migrate the billing cluster without downtime?`, people.asker);
  requireText(first, /Posted/, 'first question');
  await askQuestion(driven, `${words}: who owns the incident review after an outage at a 30-person startup?`, people.asker);
  const posted: LoggedMessage = await questionMessage(driven, channels.questions, 1);
  const answered = await answerVia(driven, posted, `${words} answer: run both clusters side by side for a release.`, people.moderator);
  await discord.waitForInteraction(answered.interactionId, (result) => /posted|saved/.test(result.reply?.content ?? ''));
  await discord.invoke('/ask', { question: `${words} what is a fractional CTO` }, people.asker);
  await announce(discord, people.moderator, 'post', { channel: channels.posts }, `${words} announcement: the offsite moves to Thursday.`, true);
  const inAMonth = new Date(Date.now() + 30 * 24 * 60 * 60_000).toISOString().slice(0, 16).replace('T', ' ');
  await announce(discord, people.moderator, 'schedule', { channel: channels.news, at: inAMonth, timezone: 'UTC' }, `${words} scheduled for next month.`, true);
  await announce(discord, people.moderator, 'post', { channel: channels.posts }, `${words} draft never posted.`, false);
  await discord.invoke('/tips setup', { channel: channels.posts, time: '09:00', timezone: 'Pacific/Auckland' }, people.moderator);
}

/**
 * The local Discord with the sandbox server and a second one, the bot started as `npm start` runs it
 * (global commands, so both servers have them), and both servers holding questions, answers,
 * announcements and tips: the other server's all carry OTHER_SERVER_MARKER.
 */
export async function startTwoServers(): Promise<TwoServers> {
  // Limits far above Discord's: bad input is the subject here, and a channel's 5 sends per 5 s would
  // otherwise make every batch wait for its slowest post. The bot paces itself to the same global limit.
  const generous = { limit: 1_000, windowMs: 1_000 };
  const routes = Object.fromEntries(Object.keys(DEFAULT_RATE_LIMITS.routes).map((route) => [route, generous]));
  const discord = await LocalDiscord.start({ port: 0, rateLimits: { globalPerSecond: GLOBAL_PER_SECOND, default: generous, routes } });
  const scratch = scratchDir();
  let bot: BotProcess | null = null;
  try {
    const home = await createSandboxWorld(discord);
    const other = await createOtherServer(discord);
    bot = spawnBot(botEnvironment(discord, home, scratch.databasePath, { DISCORD_GUILD_ID: '', REST_GLOBAL_REQUESTS_PER_SECOND: String(GLOBAL_PER_SECOND) }));
    await bot.waitForLog('ready', 60_000);
    const otherAs = (userId: string): Where => ({ guildId: other.guildId, channelId: other.lounge, userId });
    await seedServer(
      discord,
      { asker: otherAs(other.memberId), moderator: otherAs(other.ownerId) },
      { questions: other.questions, posts: other.lounge, news: other.news },
      'Quokka',
    );
    await seedServer(
      discord,
      { asker: homeAs(home, 'member'), moderator: homeAs(home, 'moderator') },
      { questions: home.channelIds.get('questions') ?? '', posts: home.channelIds.get('general') ?? '', news: home.channelIds.get('announcements') ?? '' },
      'Platypus',
    );
    const running = bot;
    return {
      discord,
      home,
      other,
      databasePath: scratch.databasePath,
      bot: running,
      async close() {
        if (running.child.exitCode === null && running.child.signalCode === null) {
          running.child.kill('SIGTERM');
          await running.exited;
        }
        await discord.close();
        scratch.cleanup();
        await expectNothingOffSpec(discord);
      },
    };
  } catch (error) {
    bot?.child.kill('SIGKILL');
    await discord.close();
    scratch.cleanup();
    throw error;
  }
}
