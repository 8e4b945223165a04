import { readFileSync } from 'node:fs';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import type { InteractionKind } from '../load/plan.js';
import { projectPath } from '../../src/core/paths.js';

/** What members type into /cto topic before picking a suggestion. */
const TOPIC_PREFIXES = ['hir', 'tech debt', 'cto', 'budget', 'remote', 'burn', 'okr', 'estim', 'lay', 'one on one', 'micro', 'on-call'];

/** Community searches for /questions search. */
const QUESTION_SEARCHES = ['hiring', 'technical debt', 'first 90 days', 'on-call rota', 'board meeting', 'layoffs', 'estimates', 'remote team'];

const memberQuestionSchema = z.object({ q: z.string() });

/** Real member phrasings (the knowledge base's evaluation set), as /ask gets them. */
export function memberQuestions(): string[] {
  return readFileSync(projectPath('test/fixtures/kb-member-questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => memberQuestionSchema.parse(JSON.parse(line)).q)
    .filter((question) => question.length >= 3 && question.length <= 300);
}

type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The string option of `/name sub` a search types into, when the bot has that subcommand. */
function subcommandTextOption(commands: readonly CommandJson[], name: string, sub: string): string | undefined {
  const subcommand = commands
    .find((command) => command.name === name)
    ?.options?.find((option) => option.type === ApplicationCommandOptionType.Subcommand && option.name === sub);
  if (!subcommand || subcommand.type !== ApplicationCommandOptionType.Subcommand) return undefined;
  return subcommand.options?.find((option) => option.type === ApplicationCommandOptionType.String)?.name;
}

export interface InteractionMix {
  readonly kinds: InteractionKind[];
  readonly skipped: { label: string; reason: string }[];
}

/** /ask, autocomplete on /cto topic, /tip today and — once the Q&A feature exists — /questions search. */
export function interactionMix(commands: readonly CommandJson[]): InteractionMix {
  const kinds: InteractionKind[] = [
    { type: 'command', label: '/ask', command: '/ask', option: 'question', values: memberQuestions() },
    { type: 'autocomplete', label: 'autocomplete /cto topic', command: '/cto topic', option: 'topic', values: TOPIC_PREFIXES },
    { type: 'command', label: '/tip today', command: '/tip today' },
  ];
  const searchOption = subcommandTextOption(commands, 'questions', 'search');
  if (!searchOption) return { kinds, skipped: [{ label: '/questions search', reason: 'the bot has no /questions search yet (Q&A, issue 6)' }] };
  kinds.push({ type: 'command', label: '/questions search', command: '/questions search', option: searchOption, values: QUESTION_SEARCHES });
  return { kinds, skipped: [] };
}
