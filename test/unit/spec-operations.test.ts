import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';
import { ROUTES } from '../../src/local-discord/rest/routes.js';
import { GENERATED_FILE, generateOperationsModule } from '../../src/local-discord/spec/generate-operations.js';
import { SPEC_TOLERANCES } from '../../src/local-discord/spec/tolerances.js';

describe("the local Discord's contract with Discord's spec", () => {
  it('GIVEN the installed discord-api-spec THEN operations.generated.ts is what the generator writes from its Paths type', () => {
    // After upgrading the package: npx tsx src/local-discord/spec/generate-operations.ts
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generateOperationsModule());
  });

  it('GIVEN docs/local-discord.md THEN it names every route of the emulator and every schema whose spec error is tolerated', () => {
    const docs = readFileSync(projectPath('docs', 'local-discord.md'), 'utf8');
    const missing = [...ROUTES.map((route) => `\`${route.method} ${route.pattern}\``), ...SPEC_TOLERANCES.flatMap((tolerance) => tolerance.schemas.map((schema) => `\`${schema}\``))].filter((name) => !docs.includes(name));
    expect(missing).toEqual([]);
  });
});
