import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result as AxeViolation } from 'axe-core';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, answerVia, askQuestion, buttonLabels, confirmedModeration, qaCast, questionMessage, type QaCast } from '../support/qa-discord.js';
import { startTestBot, type TestBot } from './support/harness.js';

/** Debian's chromium (installed by .ci/run); nothing is downloaded. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUESTION = 'How do we run a blameless postmortem after a bad outage?';
const ANSWER_START = 'Write the timeline first';
/** axe-core from node_modules, injected into the page under audit (the site's CSP allows no script, so that page bypasses it). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0 and 2.1, levels A and AA: what issue 18 asks of the site. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PAGE_BUDGET_BYTES = 50 * 1024;

/** What the audit uses of the page's globals (the tests compile without the DOM's types). */
interface InPage {
  readonly document: unknown;
  matchMedia(query: string): { readonly matches: boolean };
  readonly axe: { run(context: unknown, options: object): Promise<AxeResults> };
}

const describeViolations = (violations: readonly AxeViolation[]): string[] =>
  violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact ?? 'n/a'}): ${node.target.join(' ')} — ${node.failureSummary ?? violation.help}`));

/**
 * The community site end to end: the real bot on the local Discord, moderators publishing it with
 * /qa web, and a real headless browser reading it. Waits are on events and selectors; the timeouts
 * only guard against a hang.
 */
describe('the community site in a browser', () => {
  let t: TestBot;
  let cast: QaCast;
  let browser: Browser;
  let page: Page;
  const consoleProblems: string[] = [];
  let site: string;

  beforeAll(async () => {
    t = await startTestBot({ env: { WEB_PORT: '0' } });
    cast = await qaCast(t);
    const { sam, morgan, alex } = cast;
    await askQuestion(t, QUESTION, sam);
    const posted = await questionMessage(t, cast.questions, 1);
    await answerVia(t, posted, `${ANSWER_START}, then ask <@${alex.userId}> and <@${sam.userId}> what they saw. **Never** name a culprit: see [the guide](https://example.com/postmortems).\n> What failed, not who\n\nKeep \`git log\` open and ||the pager logs|| too:\n\`\`\`\nincident: timeline first\n\`\`\`\n-# written after the outage`, morgan);
    const answer = await t.discord.waitForMessage(posted.id, (message) => message.embeds[0]?.title === 'Answer to #1');
    await t.discord.click(answer, 'Accept', sam);
    expect(answerText(await t.discord.invoke('/qa promote', { id: 1 }, morgan))).toContain('community-1');
    // sam agrees to be named; morgan and alex do not.
    expect(answerText(await t.discord.invoke('/qa web name', { mode: 'on' }, sam))).toContain('**sam**');
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'], protocolTimeout: 120_000 });
    page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') consoleProblems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleProblems.push(`pageerror: ${String(error)}`));
    site = `${t.bot.webUrl ?? ''}c/cto-community/`;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('GIVEN the site not enabled THEN its pages are 404; /qa web enable shows a preview and only Publish makes it public; a member cannot', async () => {
    expect(t.bot.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await fetch(site)).status).toBe(404);
    const refused = await t.discord.invoke('/qa web enable', {}, cast.alex);
    expect(answerText(refused)).toContain('Only moderators can do this');
    const preview = await t.discord.invoke('/qa web enable', {}, cast.morgan);
    const said = answerText(preview);
    expect(said).toContain('Nothing is public yet');
    expect(said).toContain('1 answered question');
    expect(said).toContain('#1 "How do we run a blameless postmortem');
    expect(said).toContain('`community-1`');
    expect(said).toContain(site);
    expect((await fetch(site)).status).toBe(404);
    if (!preview.reply) throw new Error('no preview');
    expect(buttonLabels(preview.reply)).toEqual(['Publish', 'Cancel']);
    const published = await t.discord.click(preview.reply, 'Publish', cast.morgan);
    expect(answerText(published)).toContain('The community site is on');
    expect((await fetch(site)).status).toBe(200);
  });

  it('GIVEN a visitor THEN home → search → question → entry work without JavaScript errors, the JSON-LD names the accepted answer, and members who did not opt in are never named', async () => {
    const home = await page.goto(site, { waitUntil: 'load' });
    expect(home?.status()).toBe(200);
    expect(await page.$eval('h1', (element) => element.textContent)).toContain('CTO Community');

    await page.type('input[name="q"]', 'blameless postmortem');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[role="search"] button[type="submit"]')]);
    expect(page.url()).toContain('/search?q=blameless+postmortem');
    const result = await page.waitForSelector('a[href*="/q/1/"]');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), result?.click()]);
    expect(page.url()).toMatch(/\/c\/cto-community\/q\/1\/how-do-we-run-a-blameless-postmortem/);

    const jsonLd = await page.$eval('script[type="application/ld+json"]', (element) => element.textContent ?? '');
    const data = JSON.parse(jsonLd) as { '@type': string; mainEntity: { name: string; acceptedAnswer: { text: string; author: { name: string } } } };
    expect(data['@type']).toBe('QAPage');
    expect(data.mainEntity.name).toBe(QUESTION);
    expect(data.mainEntity.acceptedAnswer.text).toContain(ANSWER_START);
    expect(data.mainEntity.acceptedAnswer.author.name).toBe('a member');

    const text = await page.$eval('main', (element) => element.innerText);
    expect(text).toContain('Asked by sam');
    expect(text).toContain('then ask a member and @sam what they saw');
    expect(text).not.toMatch(/morgan|alex|\d{17,20}/i);
    const html = await page.content();
    expect(html).not.toMatch(/morgan|alex|\d{17,20}/i);
    expect(await page.$eval('a[href="https://example.com/postmortems"]', (element) => element.getAttribute('rel'))).toBe('ugc nofollow');
    expect(await page.$eval('.answer.accepted', (element) => element.textContent)).toContain(ANSWER_START);

    const entryLink = await page.waitForSelector('a[href$="/kb/community-1"]');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), entryLink?.click()]);
    expect(page.url()).toMatch(/\/kb\/community-1$/);
    expect(await page.$eval('main', (element) => element.innerText)).toContain(ANSWER_START);
    expect(JSON.parse(await page.$eval('script[type="application/ld+json"]', (element) => element.textContent ?? ''))['@type']).toBe('FAQPage');
    expect(consoleProblems).toEqual([]);
  });

  it('GIVEN the published pages and a 404 page, in the light and the dark scheme THEN axe finds no WCAG 2.1 A or AA violation, and each page with its stylesheet is under 50 KB', async () => {
    // A page of its own: bypassing the CSP to inject axe must not weaken the visitor's page above.
    const audit = await browser.newPage();
    audit.setDefaultTimeout(60_000);
    await audit.setBypassCSP(true);
    // Every load a 200 with its body, to weigh it (the visitor's page above already revalidated them).
    await audit.setCacheEnabled(false);
    const css = await (await fetch(new URL('../../assets/site.css', site))).text();
    const pages = {
      home: site,
      search: `${site}search?q=${encodeURIComponent('blameless postmortem')}`,
      question: `${site}q/1`,
      entry: `${site}kb/community-1`,
      missing: `${site}kb/no-such-entry`,
    };
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await audit.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      for (const [name, url] of Object.entries(pages)) {
        const response = await audit.goto(url, { waitUntil: 'load' });
        expect(response?.status(), name).toBe(name === 'missing' ? 404 : 200);
        if (name === 'search') expect(await audit.$$('main a[href*="/q/1/"]'), 'search results').toHaveLength(1);
        // The answer's Markdown is audited too: quote, inline and block code, spoiler, mention, subtext, link.
        if (name === 'question') {
          for (const selector of ['blockquote', 'p code', 'pre code', '.spoiler', '.mention', '.subtext', 'a[rel="ugc nofollow"]']) expect(await audit.$(`.answer.accepted ${selector}`), selector).not.toBeNull();
        }
        expect(await audit.evaluate(() => (globalThis as unknown as InPage).matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
        const html = await response?.text();
        expect(Buffer.byteLength(html ?? '') + Buffer.byteLength(css), `${name}: HTML + CSS bytes`).toBeLessThan(PAGE_BUDGET_BYTES);
        await audit.addScriptTag({ content: AXE_SOURCE });
        const results = await audit.evaluate(
          (tags) => {
            const inPage = globalThis as unknown as InPage;
            return inPage.axe.run(inPage.document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          },
          WCAG_AA,
        );
        // Guards the audit itself: it ran the contrast rule over this page's text.
        expect(results.passes.length + results.violations.length, `${name} (${scheme}): rules run`).toBeGreaterThan(10);
        found.push(...describeViolations(results.violations).map((line) => `${name} (${scheme}) ${line}`));
      }
    }
    await audit.close();
    expect(found).toEqual([]);
  });

  it("GIVEN a moderator's /qa delete THEN the question's page answers 410 on the next load, and its entry too", async () => {
    const question = await page.goto(`${site}q/1`, { waitUntil: 'load' });
    // The browser saw this page before: it revalidates with its ETag (304) or loads it again (200).
    expect([200, 304]).toContain(question?.status());
    const questionUrl = page.url();
    const deleted = await confirmedModeration(t, '/qa delete', { id: 1 }, cast.morgan);
    expect(answerText(deleted)).toContain('is deleted');
    const reloaded = await page.reload({ waitUntil: 'load' });
    expect(page.url()).toBe(questionUrl);
    expect(reloaded?.status()).toBe(410);
    expect(await page.$eval('h1', (element) => element.textContent)).toBe('This page was removed');
    expect((await page.goto(`${site}kb/community-1`, { waitUntil: 'load' }))?.status()).toBe(410);
    // The browser logs each 410 it loads ("Failed to load resource"); nothing else may appear.
    expect(consoleProblems.filter((problem) => !problem.includes('status of 410'))).toEqual([]);
    expect(consoleProblems).toHaveLength(2);
  });
});
