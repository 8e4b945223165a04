import { describe, expect, it } from 'vitest';
import { runtimeProblem } from '../../src/app/runtime-check.js';

describe('runtimeProblem: what npm start says on a runtime too old for the bot', () => {
  it.each([
    ['v20.19.0', 'npm/10.8.2 node/v20.19.0 linux x64', null],
    ['v22.11.0', 'npm/11.6.2 node/v22.11.0 linux x64', null],
    ['v20.20.2', undefined, null],
  ])('GIVEN Node %s and %s THEN it runs', (node, agent, problem) => {
    expect(runtimeProblem(node, agent)).toBe(problem);
  });

  it('GIVEN Node 18 or an early Node 20 THEN it names the version needed and where to get it', () => {
    expect(runtimeProblem('v18.20.4', undefined)).toBe(
      'CTO Mentor needs Node.js 20.19 or newer; this is Node.js v18.20.4. Install a current Node.js 20 or 22 LTS (https://nodejs.org) and run npm install again.',
    );
    expect(runtimeProblem('v20.11.1', undefined)).toContain('needs Node.js 20.19 or newer');
  });

  it('GIVEN npm 9 THEN it says which npm to install', () => {
    expect(runtimeProblem('v20.19.0', 'npm/9.9.3 node/v20.19.0 linux x64')).toContain('needs npm 10 or newer');
  });
});
