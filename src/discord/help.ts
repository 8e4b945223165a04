import { ApplicationCommandOptionType, type APIApplicationCommandOption, type APIEmbed } from 'discord.js';
import type { CommandJson } from './deploy.js';
import { BOT_NAME, BRAND_COLOR } from './theme.js';

interface HelpLine {
  readonly usage: string;
  readonly description: string;
}

/** The /help embed, built from the registered commands so it can never fall out of date. */
export function renderHelp(commands: readonly CommandJson[], messageCommands: readonly string[] = []): APIEmbed {
  const lines = commands.flatMap((command) => helpLines(`/${command.name}`, command.description, command.options ?? []));
  return {
    title: `${BOT_NAME}: commands`,
    color: BRAND_COLOR,
    // A dash, not a colon: usages end in `id:` and a colon after them read `id::`.
    description: lines.map(({ usage, description }) => `**${usage}** — ${description}`).join('\n'),
    ...(messageCommands.length > 0
      ? { fields: [{ name: 'On a message: right-click (or long-press) → Apps', value: messageCommands.map((name) => `**${name}**`).join(' · ') }] }
      : {}),
    footer: { text: 'Replies marked "Only you can see this" are private to you.' },
  };
}

function helpLines(usage: string, description: string, options: readonly APIApplicationCommandOption[]): HelpLine[] {
  const nested = options.filter(
    (option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup,
  );
  if (nested.length === 0) {
    return [{ usage: `${usage}${optionUsage(options)}`, description }];
  }
  return nested.flatMap((option) =>
    helpLines(`${usage} ${option.name}`, option.description, 'options' in option ? (option.options ?? []) : []),
  );
}

function optionUsage(options: readonly APIApplicationCommandOption[]): string {
  return options.map((option) => (option.required ? ` ${option.name}:` : ` [${option.name}]`)).join('');
}
