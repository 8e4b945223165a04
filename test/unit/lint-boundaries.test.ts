import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';

/** Lints `code` as if it were the file at `file` (project-relative), with the project's own config. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: projectPath() });
  const [result] = await eslint.lintText(code, { filePath: projectPath(file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'boundaries/imports').map((message) => message.message);
}

describe('eslint boundaries', () => {
  it('GIVEN a service importing discord.js THEN lint fails', async () => {
    const errors = await boundaryErrors('src/qa/example.ts', "import type { Client } from 'discord.js';\nexport type X = Client;\n");
    expect(errors).toEqual([expect.stringContaining('never imports discord.js')]);
  });

  it('GIVEN the same import in the feature\'s discord/ glue THEN lint passes', async () => {
    expect(await boundaryErrors('src/qa/discord/example.ts', "import type { Client } from 'discord.js';\nexport type X = Client;\n")).toEqual([]);
  });

  it('GIVEN a service or its Discord glue importing src/app THEN lint fails', async () => {
    const errors = await boundaryErrors('src/tips/example.ts', "import type { AppContext } from '../app/context.js';\nexport type X = AppContext;\n");
    expect(errors).toEqual([expect.stringContaining('never imports src/app')]);
    const glue = await boundaryErrors('src/qa/discord/example.ts', "import type { AppContext } from '../../app/context.js';\nexport type X = AppContext;\n");
    expect(glue).toEqual([expect.stringContaining('never imports src/app')]);
  });

  it('GIVEN a command or the Discord plumbing importing src/app THEN lint fails', async () => {
    const command = await boundaryErrors('commands/example.ts', "import type { AppContext } from '../src/app/context.js';\nexport type X = AppContext;\n");
    expect(command).toEqual([expect.stringContaining('commands/ never imports src/app')]);
    const router = await boundaryErrors('src/discord/example.ts', "import { createApp } from '../app/create-context.js';\nexport const x = createApp;\n");
    expect(router).toEqual([expect.stringContaining('src/discord never imports src/app')]);
    expect(await boundaryErrors('commands/example.ts', "import type { ContextOf } from '../src/discord/command-context.js';\nexport type X = ContextOf<'tips'>;\n")).toEqual([]);
  });

  it("GIVEN a feature importing another feature's store THEN lint fails, its own store passes", async () => {
    const crossing = "import { createKnowledgeStore } from '../knowledge/entry-store.js';\nexport const x = createKnowledgeStore;\n";
    expect(await boundaryErrors('src/qa/example.ts', crossing)).toEqual([expect.stringContaining('through its service')]);
    expect(await boundaryErrors('src/qa/discord/example.ts', crossing.replace('../knowledge', '../../knowledge'))).toEqual([expect.stringContaining('through its service')]);
    expect(await boundaryErrors('src/qa/example.ts', "import { createQuestionStore } from './question-store.js';\nexport const x = createQuestionStore;\n")).toEqual([]);
  });

  it('GIVEN a command importing a store THEN lint fails', async () => {
    const errors = await boundaryErrors('commands/example.ts', "import { createTipsStore } from '../src/tips/tips-store.js';\nexport const x = createTipsStore;\n");
    expect(errors).toEqual([expect.stringContaining('Commands never touch SQL')]);
  });

  it('GIVEN src/ importing bench/, statically or dynamically THEN lint fails', async () => {
    expect(await boundaryErrors('src/ops/example.ts', "import { USAGE } from '../../bench/options.js';\nexport const x = USAGE;\n")).toEqual([expect.stringContaining('never import bench/')]);
    expect(await boundaryErrors('src/example.ts', "export const load = () => import('../bench/cli.js');\n")).toEqual([expect.stringContaining('never import bench/')]);
  });

  it('GIVEN the local Discord importing the bot THEN lint fails', async () => {
    const errors = await boundaryErrors('src/local-discord/example.ts', "import { systemClock } from '../core/clock.js';\nexport const x = systemClock;\n");
    expect(errors).toEqual([expect.stringContaining('never imports the bot')]);
  });
});
