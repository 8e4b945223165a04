import { avoidMidnight, seedDueTips } from '../../../bench/scenarios/seed-tips.js';
import { runAtFixedRate } from '../../../bench/load/fixed-rate.js';
import { openDatabase } from '../../../src/db/index.js';
import { BOT_PERMISSIONS } from '../../../src/discord/invite.js';
import { LocalDiscord } from '../../../src/local-discord/index.js';
import { createSandboxWorld, type SandboxWorld } from '../../../src/sandbox/world.js';
import { seedDueAnnouncements } from '../../support/due-announcements.js';
import { botEnvironment, scratchDir, spawnBot, type BotProcess } from '../../e2e/support/harness.js';
import { expectNothingOffSpec } from '../../support/spec-checks.js';
import { loadCommunity, missingRows, readQaRows } from './community.js';
import { botErrors, type LogLine } from './verdicts.js';
import { Workload } from './workload.js';

export interface CrashOptions {
  readonly seed: number;
  /** Member actions per second, before the kill, while the bot is down and after it is back. */
  readonly rate: number;
  readonly durationMs: number;
  readonly members: number;
  /** Servers whose daily tip is due when the bot starts: the fan-out the kill interrupts. */
  readonly servers: number;
  /** Of those, how many also have an announcement that came due while the bot was down. */
  readonly announcements: number;
  /** The emulator's global limit and the bot's pacing: low enough that the fan-out outlasts the first questions. */
  readonly globalPerSecond: number;
  readonly progress?: (line: string) => void;
}

export interface CrashReport {
  readonly seed: number;
  /** Where things stood when the bot was killed: its fan-out and the members' load both under way. */
  readonly atKill: { readonly tipsPosted: number; readonly announcementsPosted: number; readonly questionsConfirmed: number; readonly answersConfirmed: number };
  /** `PRAGMA integrity_check` of the database file the SIGKILL left. */
  readonly integrityAfterKill: string;
  readonly tips: { readonly servers: number; readonly missing: number; readonly duplicates: number };
  readonly announcements: { readonly due: number; readonly missing: number; readonly duplicates: number; readonly unrecorded: number };
  readonly questionsConfirmed: number;
  readonly answersConfirmed: number;
  readonly missingRows: readonly string[];
  /** Questions or answers on Discord more than once. */
  readonly duplicates: readonly string[];
  /** Member actions that failed while the bot was up. */
  readonly failures: readonly string[];
  /** Member actions that met the bot down (Discord says "This interaction failed"): expected. */
  readonly interrupted: number;
  readonly botErrors: readonly string[];
  readonly durationMs: number;
}

export function crashProblems(report: CrashReport): string[] {
  const { tips, announcements } = report;
  return [
    ...(report.integrityAfterKill === 'ok' ? [] : [`the database left by SIGKILL: ${report.integrityAfterKill}`]),
    ...(tips.missing + tips.duplicates > 0 ? [`tips: ${tips.missing} servers without, ${tips.duplicates} extra`] : []),
    ...(announcements.missing + announcements.duplicates + announcements.unrecorded > 0
      ? [`announcements: ${announcements.missing} missing, ${announcements.duplicates} extra, ${announcements.unrecorded} not recorded as posted`]
      : []),
    ...report.missingRows,
    ...report.duplicates,
    ...report.failures,
    ...report.botErrors.map((line) => `bot logged: ${line}`),
  ];
}

interface Server {
  readonly guildId: string;
  readonly tips: string;
  readonly news: string;
}

function integrityOf(databasePath: string): string {
  // Read-write, as the restarted bot opens it: SQLite replays the WAL the killed process left.
  const db = openDatabase(databasePath);
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

function announcementRows(databasePath: string, ids: readonly number[]): { id: number; status: string; message_id: string | null }[] {
  const db = openDatabase(databasePath);
  try {
    const row = db.prepare<[number], { id: number; status: string; message_id: string | null }>('SELECT id, status, message_id FROM announcements WHERE id = ?');
    return ids.flatMap((id) => row.all(id));
  } finally {
    db.close();
  }
}

/**
 * SIGKILL mid-load: the bot (its own process, as production runs it) starts with a tip fan-out and
 * overdue announcements to post while members ask, answer and browse; it is killed once members have
 * been told their questions are saved and the fan-out is under way; the file it leaves must open
 * cleanly; restarted, it must finish the fan-out with exactly one tip per server and one post per
 * announcement, and every question and answer a member was told about must be there.
 */
export async function runCrashMidLoad(options: CrashOptions): Promise<CrashReport> {
  const started = performance.now();
  await avoidMidnight();
  const discord = await LocalDiscord.start({ port: 0, rateLimits: { globalPerSecond: options.globalPerSecond } });
  const scratch = scratchDir();
  const bots: BotProcess[] = [];
  try {
    const world = await createSandboxWorld(discord);
    const servers: Server[] = [];
    for (let index = 0; index < options.servers; index += 1) {
      const guild = await discord.createGuild({ name: `Leaders ${index}`, botPermissions: BOT_PERMISSIONS });
      const tips = await discord.createChannel(guild.id, { name: 'leadership-tips' });
      const news = await discord.createChannel(guild.id, { name: 'news', type: 'announcement' });
      servers.push({ guildId: guild.id, tips: tips.id, news: news.id });
    }
    await seedDueTips(scratch.databasePath, servers.map((server) => ({ guildId: server.guildId, channelId: server.tips })), world.people.moderator);
    const announced = servers.slice(0, options.announcements);
    const announcementIds = await seedDueAnnouncements(
      scratch.databasePath,
      world.people.moderator,
      announced.map((server, index) => ({ guildId: server.guildId, channelId: server.news, title: `Notice ${index}`, body: `Announcement ${index}: posted exactly once.` })),
    );
    const report = await crash(discord, world, scratch.databasePath, servers, announced, announcementIds, bots, options, started);
    await expectNothingOffSpec(discord);
    return report;
  } finally {
    for (const bot of bots) if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    await discord.close();
    scratch.cleanup();
  }
}

async function crash(
  discord: LocalDiscord,
  world: SandboxWorld,
  databasePath: string,
  servers: readonly Server[],
  announced: readonly Server[],
  announcementIds: readonly number[],
  bots: BotProcess[],
  options: CrashOptions,
  started: number,
): Promise<CrashReport> {
  const state = discord.core.state;
  const botMessages = (channelId: string) => [...(state.channels.get(channelId)?.messages.values() ?? [])].filter((stored) => !stored.deleted && stored.authorId === discord.botUserId && stored.message.embeds.length > 0);
  const tipsPosted = () => servers.filter((server) => botMessages(server.tips).length > 0).length;
  const announcementsPosted = () => announced.filter((server) => botMessages(server.news).length > 0).length;
  const waitFor = (condition: () => boolean, what: string, timeoutMs = 60_000) => discord.waitUntil(condition, `${what} did not happen within ${timeoutMs} ms`, timeoutMs);
  const start = () => {
    const bot = spawnBot(botEnvironment(discord, world, databasePath, { REST_GLOBAL_REQUESTS_PER_SECOND: String(options.globalPerSecond) }));
    bots.push(bot);
    return bot;
  };

  const first = start();
  await first.waitForLog('ready', 60_000);
  const community = await loadCommunity(discord, world, options.members);
  const workload = new Workload(community, options.seed, 30_000);
  const load = runAtFixedRate(options.rate, options.durationMs, () => workload.next());

  // Killed with questions confirmed to their askers, the fan-out part way.
  await waitFor(() => workload.ledger.questions.length >= 2 && tipsPosted() >= Math.min(10, servers.length), 'two confirmed questions and the fan-out under way');
  workload.botGoingDown();
  first.child.kill('SIGKILL');
  await first.exited;
  const atKill = {
    tipsPosted: tipsPosted(),
    announcementsPosted: announcementsPosted(),
    questionsConfirmed: workload.ledger.questions.length,
    answersConfirmed: workload.ledger.answers.length,
  };
  options.progress?.(`crash: killed with ${atKill.tipsPosted}/${servers.length} tips, ${atKill.announcementsPosted}/${announced.length} announcements, ${atKill.questionsConfirmed} questions confirmed`);
  const integrityAfterKill = integrityOf(databasePath);

  // Back only after Discord's nonce window: unfinished claims must find their messages, not lean on the nonce.
  await discord.advanceClock(5 * 60_000);
  const second = start();
  await second.waitForLog('ready', 60_000);
  workload.botBack();
  // Twice the fan-out's ideal time at the global limit, and at least a minute.
  const fanoutMs = Math.max(60_000, ((servers.length + announced.length) / options.globalPerSecond) * 2_000);
  await waitFor(() => tipsPosted() === servers.length && announcementsPosted() === announced.length, 'every tip and announcement posted after the restart', fanoutMs);
  // The catch-up tick logs once its last post is recorded.
  await second.waitForLog('tip tick', 60_000);
  await load;
  second.child.kill('SIGTERM');
  await second.exited;

  const tipCounts = servers.map((server) => botMessages(server.tips).length);
  const newsCounts = announced.map((server) => botMessages(server.news).length);
  const rows = readQaRows(databasePath, community.guildId);
  const stored = announcementRows(databasePath, announcementIds);
  const duplicates: string[] = [];
  const inChannel = botMessages(community.questionsChannelId);
  for (const question of rows.questions) {
    const copies = inChannel.filter((message) => message.message.embeds[0]?.title === `Question #${question.number ?? '?'}`).length;
    if (copies > 1) duplicates.push(`question #${question.number ?? '?'} posted ${copies} times`);
    if (!question.thread_id) continue;
    const answerCopies = botMessages(question.thread_id).filter((message) => message.message.embeds[0]?.title === `Answer to #${question.number ?? '?'}`).length;
    const answerRows = rows.answers.filter((answer) => answer.number === question.number && answer.delivery === 'posted').length;
    if (answerCopies > answerRows) duplicates.push(`#${question.number ?? '?'} shows ${answerCopies} answers for ${answerRows} posted`);
  }
  for (const question of workload.ledger.questions.filter((confirmed) => confirmed.posted)) {
    const row = rows.questions.find((candidate) => candidate.number === question.number);
    if (row && row.publication !== 'posted') duplicates.push(`question #${question.number} was confirmed posted but is stored as ${row.publication}`);
  }
  return {
    seed: options.seed,
    atKill,
    integrityAfterKill,
    tips: { servers: servers.length, missing: tipCounts.filter((count) => count === 0).length, duplicates: tipCounts.reduce((sum, count) => sum + Math.max(0, count - 1), 0) },
    announcements: {
      due: announced.length,
      missing: newsCounts.filter((count) => count === 0).length,
      duplicates: newsCounts.reduce((sum, count) => sum + Math.max(0, count - 1), 0),
      unrecorded: stored.filter((row) => row.status !== 'posted' || !row.message_id).length + (announcementIds.length - stored.length),
    },
    questionsConfirmed: workload.ledger.questions.length,
    answersConfirmed: workload.ledger.answers.length,
    missingRows: missingRows(rows, workload.ledger),
    duplicates,
    failures: workload.ledger.failures.map((failure) => `${failure.flow}: ${failure.problem}`),
    interrupted: workload.ledger.interrupted,
    botErrors: bots.flatMap((bot) => botErrors(bot.logs as LogLine[])),
    durationMs: Math.round(performance.now() - started),
  };
}
