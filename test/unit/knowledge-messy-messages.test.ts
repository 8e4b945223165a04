import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, parseEvalFile } from '../../src/knowledge/evaluation.js';
import { askingPart } from '../../src/knowledge/search.js';
import { editDistance } from '../../src/knowledge/spelling.js';
import { createTestKnowledge } from '../support/knowledge.js';

const MESSAGES = new URL('../fixtures/kb-member-messages.jsonl', import.meta.url);

describe('messages as members really write them (issue 16)', () => {
  const { knowledge } = createTestKnowledge();

  // The table: what a new member typed, and what the bot must answer.
  it.each([
    ['hw do i hndle tech dept', ['technical-debt']],
    ['my cofounder wants to rewrite everything in rust', ['technical-debt']],
    ['how do I handle a security breach', ['incident-management', 'security-and-compliance', 'security-leadership']],
    ['what should I look for in a founding engineer', ['hiring-engineers', 'startup-cto']],
    ['how do I prepare for a board meeting', ['board-and-investors']],
    ['how do I deal with a toxic senior engineer', ['conflict-resolution', 'underperformance']],
    ['we need soc 2 for an enterprise deal', ['security-and-compliance']],
  ])('GIVEN "%s" THEN answers with %j', (question, right) => {
    expect(right).toContain(knowledge.search(question, null).answer?.entry.id);
  });

  it.each(['test', 'pizza', 'hi', 'thanks!', 'test test 123'])('GIVEN "%s" THEN no answer: it is not a question, and the bot says so', (message) => {
    const result = knowledge.search(message, null);
    expect(result.answer).toBeNull();
    expect(result.notAQuestion).toBe(true);
  });

  it('GIVEN misspelt words THEN they are read as the knowledge base words they stand for, real English words are left alone', () => {
    expect(knowledge.search('hw do i hndle tech dept', null).corrected).toEqual([
      { from: 'hndle', to: 'handle' },
      { from: 'dept', to: 'debt' },
    ]);
    expect(knowledge.search('what is the best movie of all time', null).corrected).toEqual([]);
    expect(editDistance('qutting', 'quitting', 2)).toBe(1);
    expect(editDistance('adivce', 'advice', 2)).toBe(1);
    expect(editDistance('pizza', 'policy', 1)).toBe(2);
  });

  it('GIVEN a long message THEN its asking sentences carry the topic', () => {
    const message = 'I manage five engineering managers now. Before this I had a team of eight. Now I feel blind. How is managing managers different?';
    expect(askingPart(message)).toBe('How is managing managers different?');
    expect(askingPart('How do I hire engineers?')).toBeNull();
    expect(knowledge.search(message, null).answer?.entry.id).toBe('managing-managers');
  });

  it('GIVEN a two-topic question THEN the best entry answers and the second is offered', () => {
    const result = knowledge.search('how do I set up on-call and a proper incident process', null);
    expect([result.answer?.entry.id, result.second?.entry.id].sort()).toEqual(['incident-management', 'on-call']);
  });

  it('GIVEN a question just under the threshold THEN the closest topic is offered as a near miss', () => {
    const result = knowledge.search('our aws bil is insane how do i cut it', null);
    expect(result.answer).toBeNull();
    expect(result.nearMiss?.entry.id).toBe('cloud-costs');
  });

  it('GIVEN the frozen member-message set THEN top-1 ≥ 85%, top-3 ≥ 95% and off-topic rejected ≥ 90%', () => {
    const report = evaluate(parseEvalFile(readFileSync(MESSAGES, 'utf8')), (question) => knowledge.search(question, null));
    expect(report.onTopic).toBeGreaterThanOrEqual(150);
    expect(report.offTopic).toBeGreaterThanOrEqual(25);
    expect(report.top1).toBeGreaterThanOrEqual(0.85);
    expect(report.top3).toBeGreaterThanOrEqual(0.95);
    expect(report.offTopicRejected).toBeGreaterThanOrEqual(0.9);
  });
});
