import { pick, seededRandom } from '../../../bench/support/random.js';
import { memberQuestions } from '../../../bench/scenarios/interaction-kinds.js';
import type { InteractionResult, LocalDiscordDriver, LoggedMessage } from '../../../src/local-discord/index.js';
import { answerVia, askQuestion, type Where } from '../../support/qa-discord.js';
import { isGenericError, visibleText } from './verdicts.js';

/** Where the load happens: the server, its Q&A channel, its members and moderators. */
export interface LoadCommunity {
  readonly discord: LocalDiscordDriver;
  readonly guildId: string;
  readonly questionsChannelId: string;
  readonly channelIds: readonly string[];
  readonly members: readonly string[];
  readonly moderators: readonly string[];
}

/** A question a member was told is saved ("Posted #N", "saved as #N"): it must exist for good. */
export interface ConfirmedQuestion {
  readonly number: number;
  readonly askerId: string;
  readonly text: string;
  readonly posted: boolean;
}

/** An answer whose author was told it is posted or saved. */
export interface ConfirmedAnswer {
  readonly questionNumber: number;
  readonly authorId: string;
  readonly text: string;
}

export interface FlowFailure {
  readonly flow: string;
  readonly problem: string;
}

/** What a load run did and saw, for the checks. */
export class Ledger {
  readonly questions: ConfirmedQuestion[] = [];
  readonly answers: ConfirmedAnswer[] = [];
  readonly failures: FlowFailure[] = [];
  readonly flows = new Map<string, number>();
  /** Flows that met the bot stopped or restarting (a crash run expects some): not failures. */
  interrupted = 0;
}

const QUESTION_OPENERS = ['How should a CTO', 'What is the best way to', 'When is it right to', 'Who should'];
const QUESTION_TOPICS = ['split a monolith', 'hire a first engineering manager', 'run on-call for a small team', 'report technical debt to the board', 'plan a platform migration', 'set engineering OKRs', 'handle a layoff'];
const ANSWERS = ['Start with the team you have and write the plan down.', 'Ask the people doing the work first; then decide and explain why.', 'Measure it for a month before changing anything.'];
const TOPIC_PREFIXES = ['hir', 'tech debt', 'cto', 'budget', 'remote', 'okr', 'estim', 'on-call'];
const SEARCHES = ['hiring', 'technical debt', 'on-call', 'board', 'migration', 'monolith', 'okrs'];

const QUESTION_LIMIT = 5;

/** `**#12**` in a confirmation → 12. */
function numberIn(text: string): number | null {
  const match = /\*\*#(\d+)\*\*/.exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * The mixed workload: each call of `next()` runs one member action chosen at random (by weight):
 * /ask, autocomplete on /cto topic, /cto list, /tip, /tips status, /question ask, answering through
 * the form, upvotes, /questions search and an /announce preview. Everything a member is told is
 * kept in the ledger, and anything unexpected is a failure.
 */
export class Workload {
  readonly ledger = new Ledger();
  readonly #random: () => number;
  readonly #asked = new Map<string, number>();
  readonly #memberQuestions = memberQuestions();
  #sequence = 0;
  #down = false;
  #outages = 0;

  constructor(
    private readonly community: LoadCommunity,
    seed: number,
    private readonly settleTimeoutMs = 20_000,
  ) {
    this.#random = seededRandom(seed);
  }

  private readonly flows: { name: string; weight: number; run: () => Promise<void> }[] = [
    { name: '/ask', weight: 16, run: () => this.ask() },
    { name: 'autocomplete /cto topic', weight: 14, run: () => this.autocompleteTopic() },
    { name: '/cto list', weight: 6, run: () => this.command('/cto list', {}, this.member(), (result) => Boolean(result.reply?.embeds.length)) },
    { name: '/tip', weight: 9, run: () => this.command(this.pick(['/tip today', '/tip random']), {}, this.member(), (result) => Boolean(result.reply)) },
    { name: '/tips status', weight: 4, run: () => this.command('/tips status', {}, this.moderator(), (result) => Boolean(result.reply)) },
    { name: '/question ask', weight: 10, run: () => this.askQuestion() },
    { name: 'answer (form)', weight: 10, run: () => this.answer() },
    { name: 'upvote', weight: 8, run: () => this.upvote() },
    { name: '/questions search', weight: 10, run: () => this.command('/questions search', { query: this.pick(SEARCHES) }, this.member(), (result) => Boolean(result.reply)) },
    { name: '/announce preview', weight: 4, run: () => this.announcePreview() },
  ];

  /** Runs one action; never rejects (what went wrong is in the ledger). */
  async next(): Promise<void> {
    const total = this.flows.reduce((sum, flow) => sum + flow.weight, 0);
    let roll = this.#random() * total;
    const flow = this.flows.find((candidate) => (roll -= candidate.weight) < 0) ?? this.flows[0];
    if (!flow) return;
    this.ledger.flows.set(flow.name, (this.ledger.flows.get(flow.name) ?? 0) + 1);
    const outagesAtStart = this.#outages;
    const downAtStart = this.#down;
    try {
      await flow.run();
    } catch (error) {
      // An action that met the bot down, or overlapped its going down, is interrupted, not failed.
      if (downAtStart || this.#down || this.#outages !== outagesAtStart) this.ledger.interrupted += 1;
      else this.ledger.failures.push({ flow: flow.name, problem: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The bot is about to go down (a kill): actions under way or started until `botBack()` may fail. */
  botGoingDown(): void {
    this.#down = true;
    this.#outages += 1;
  }

  botBack(): void {
    this.#down = false;
  }

  private pick<T>(items: readonly T[]): T {
    return pick(this.#random, items);
  }

  private where(userId: string): Where {
    return { guildId: this.community.guildId, channelId: this.pick(this.community.channelIds), userId };
  }

  private member(): Where {
    return this.where(this.pick(this.community.members));
  }

  private moderator(): Where {
    return this.where(this.pick(this.community.moderators));
  }

  /** The result must satisfy `answered`, and never be the generic error. */
  private check(what: string, result: InteractionResult, answered: (result: InteractionResult) => boolean): void {
    if (isGenericError(result)) throw new Error(`${what} answered with an error: ${visibleText(result).slice(0, 200)}`);
    if (!answered(result)) throw new Error(`${what} got an unexpected answer: ${visibleText(result).slice(0, 200) || JSON.stringify(result.callback).slice(0, 200)}`);
  }

  private async command(command: string, options: Record<string, string | number | boolean>, where: Where, answered: (result: InteractionResult) => boolean): Promise<void> {
    this.check(command, await this.community.discord.invoke(command, options, { ...where, settleTimeoutMs: this.settleTimeoutMs }), answered);
  }

  private async ask(): Promise<void> {
    // An answer (or "no confident answer") is an embed; a line that is not a question gets a private hint.
    const answered = (result: InteractionResult) => Boolean(result.reply?.embeds.length) || Boolean(result.reply?.ephemeralFor && result.reply.content);
    await this.command('/ask', { question: this.pick(this.#memberQuestions) }, this.member(), answered);
  }

  private async autocompleteTopic(): Promise<void> {
    const choices = await this.community.discord.autocomplete('/cto topic', { topic: this.pick(TOPIC_PREFIXES) }, 'topic', this.member());
    if (choices.length === 0) throw new Error('autocomplete on /cto topic offered nothing');
  }

  /** A member with questions left in their limit (5 per 10 minutes), or null when all used theirs. */
  private asker(): string | null {
    const free = this.community.members.filter((id) => (this.#asked.get(id) ?? 0) < QUESTION_LIMIT);
    return free.length > 0 ? this.pick(free) : null;
  }

  private async askQuestion(): Promise<void> {
    const askerId = this.asker();
    if (!askerId) return this.ask();
    this.#asked.set(askerId, (this.#asked.get(askerId) ?? 0) + 1);
    this.#sequence += 1;
    const text = `${this.pick(QUESTION_OPENERS)} ${this.pick(QUESTION_TOPICS)} (case ${this.#sequence})?`;
    const result = await askQuestion(this.community, text, this.where(askerId), { settleTimeoutMs: this.settleTimeoutMs });
    const words = visibleText(result);
    this.check('/question ask', result, () => /Posted|saved as/.test(words));
    const number = numberIn(words);
    if (number === null) throw new Error(`/question ask confirmed without a number: ${words.slice(0, 200)}`);
    this.ledger.questions.push({ number, askerId, text, posted: words.includes('Posted') });
  }

  private postedQuestion(): ConfirmedQuestion | null {
    const posted = this.ledger.questions.filter((question) => question.posted);
    return posted.length > 0 ? this.pick(posted) : null;
  }

  /** A posted question's message, found in the Q&A channel by its embed title. */
  private findMessage(number: number): Promise<LoggedMessage> {
    return this.community.discord.waitForMessage(this.community.questionsChannelId, (message) => message.embeds[0]?.title === `Question #${number}`, this.settleTimeoutMs);
  }

  private async answer(): Promise<void> {
    const target = this.postedQuestion();
    if (!target) return this.ask();
    const message = await this.findMessage(target.number);
    const authorId = this.pick(this.community.members);
    const text = `${this.pick(ANSWERS)} (answer ${(this.#sequence += 1)})`;
    const result = await answerVia(this.community, message, text, this.where(authorId), { settleTimeoutMs: this.settleTimeoutMs });
    const words = visibleText(result);
    this.check('answer form', result, () => /is posted|is saved/.test(words));
    this.ledger.answers.push({ questionNumber: target.number, authorId, text });
  }

  private async upvote(): Promise<void> {
    const target = this.postedQuestion();
    if (!target) return this.ask();
    const message = await this.findMessage(target.number);
    // Members cannot upvote their own question.
    const voter = this.pick(this.community.members.filter((id) => id !== target.askerId));
    const result = await this.community.discord.click(message, `question:upvote:${target.number}`, { ...this.where(voter), settleTimeoutMs: this.settleTimeoutMs });
    this.check('upvote', result, () => /Upvote/.test(visibleText(result)));
  }

  /** /announce post, the form, the preview: then Cancel, so nothing is posted. */
  private async announcePreview(): Promise<void> {
    const where = this.moderator();
    const { discord } = this.community;
    const opened = await discord.invoke('/announce post', { channel: this.pick(this.community.channelIds) }, { ...where, settleTimeoutMs: this.settleTimeoutMs });
    if (!opened.modal) throw new Error(`/announce post opened no form: ${visibleText(opened).slice(0, 200)}`);
    const submitted = await discord.submitModal(opened, { body: `Load test announcement ${(this.#sequence += 1)}: nothing to see.` }, { settleTimeoutMs: this.settleTimeoutMs });
    const preview = await discord.waitForInteraction(submitted.interactionId, (result) => Boolean(result.reply?.components?.length), this.settleTimeoutMs);
    this.check('announce preview', preview, (result) => /Preview/.test(result.reply?.content ?? ''));
    if (!preview.reply) return;
    const cancelled = await discord.click(preview.reply, 'Cancel', { ...where, settleTimeoutMs: this.settleTimeoutMs });
    this.check('announce cancel', cancelled, () => true);
  }
}
