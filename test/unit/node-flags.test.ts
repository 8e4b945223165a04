import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';
import { BOT_NODE_FLAGS } from '../../src/ops/build.js';

describe('the Node.js flags of the bot', () => {
  it('GIVEN npm start THEN it runs the built bot with every flag the bench measures it with', () => {
    const start = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
    const node = start.slice(start.indexOf('node '));
    for (const flag of BOT_NODE_FLAGS) expect(node.split(' ')).toContain(flag);
    expect(node.endsWith('dist/src/main.js')).toBe(true);
  });
});
