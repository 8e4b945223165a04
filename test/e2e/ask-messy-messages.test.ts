import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { buttonLabels, componentsOf, replyOf as reply } from './support/messages.js';

describe('/ask with messages as members really write them, through the local Discord', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(['test', 'hello', 'pizza'])('GIVEN "%s" THEN a short private hint, no answer and no closest topics', async (message) => {
    const result = await t.discord.invoke('/ask', { question: message }, at(t.world));
    expect(result.ephemeral).toBe(true);
    expect(reply(result).content).toContain("doesn't look like a question");
    expect(reply(result).embeds).toEqual([]);
    expect(componentsOf(reply(result))).toEqual([]);
  });

  it('GIVEN a question just under the threshold THEN "Did you mean …?" and one click shows that topic', async () => {
    const asked = await t.discord.invoke('/ask', { question: 'our aws bil is insane how do i cut it' }, at(t.world));
    const message = reply(asked);
    expect(message.embeds[0]?.title).toBe('Did you mean: How do I get our cloud costs under control?');
    expect(buttonLabels(message)).toEqual(['Yes, show: How do I get our cloud costs under control?', 'Ask the community']);
    const shown = await t.discord.click(message, 0, at(t.world));
    expect(shown.ephemeral).toBe(true);
    const entry = reply(shown).embeds[0];
    expect(entry?.title).toBe('How do I get our cloud costs under control?');
    expect(entry?.description?.length).toBeGreaterThan(500);
    expect(entry?.footer?.text).toContain('our aws bil is insane');
    expect(buttonLabels(reply(shown))).toEqual(['Helpful', 'Not helpful', 'More like this']);
  });

  it('GIVEN a crafted "Did you mean" button THEN an unknown question, a malformed entry or an entry the server cannot see is refused', async () => {
    const asked = await t.discord.invoke('/ask', { question: 'our aws bil is insane how do i cut it' }, at(t.world));
    const message = reply(asked);
    const real = componentsOf(message)[0]?.custom_id ?? '';
    const [, , , questionId] = real.split(':');
    for (const customId of [
      `ask:didyoumean:cloud-costs:999999`,
      `ask:didyoumean:../../etc:${questionId}`,
      `ask:didyoumean:no-such-entry:${questionId}`,
      `ask:didyoumean:cloud-costs`,
    ]) {
      const crafted = await t.discord.craft({ kind: 'button', customId, message }, at(t.world));
      expect(crafted.ephemeral, customId).toBe(true);
      expect(crafted.reply?.embeds ?? [], customId).toEqual([]);
      expect(crafted.reply?.content, customId).toMatch(/no longer|no topic|out of date/i);
    }
    expect(real).toMatch(/^ask:didyoumean:cloud-costs:\d+$/);
  });

  it('GIVEN a two-topic question THEN the best entry answers and the other is offered with one click', async () => {
    const asked = await t.discord.invoke('/ask', { question: 'how do I set up on-call and a proper incident process' }, at(t.world));
    const message = reply(asked);
    const titles = ['How do I set up a sustainable on-call rotation?', 'How should we handle production incidents and outages?'];
    expect(titles).toContain(message.embeds[0]?.title);
    const other = titles.find((title) => title !== message.embeds[0]?.title) as string;
    const field = message.embeds[0]?.fields?.[0];
    expect(field?.name).toBe('You also asked about');
    // Titles are escaped as any text could be (a server's own entries are member text).
    expect(field?.value.replace(/\\/g, '')).toBe(other);
    const labels = buttonLabels(message);
    expect(labels.slice(0, 4)).toEqual(['Helpful', 'Not helpful', 'More like this', 'Ask the community']);
    const also = labels.findIndex((label) => label?.startsWith('Also: '));
    const opened = await t.discord.click(message, also, at(t.world));
    expect(reply(opened).embeds[0]?.title).toBe(other);
  });

  it('GIVEN a long message with its question among context sentences THEN it is accepted and answered on its question', async () => {
    const question =
      "Context: series B, 60 engineers, six teams. Everyone is friendly, standups are fine. But every quarter we miss what we promised to sales. The teams say they are blocked by each other all the time and the two new managers feel it most. I'm also hiring a lot this year. How do I grow the org without everything breaking as we add more teams? Thanks in advance.";
    expect(question.length).toBeGreaterThan(300);
    const asked = await t.discord.invoke('/ask', { question }, at(t.world));
    expect(reply(asked).embeds[0]?.title).toBe('How do I grow an engineering org from one team to many without it breaking?');
  });
});
