import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/web/server.js';
import { ask, ASKER, GUILD, HELPER, member, moderator, OTHER_GUILD, READER } from '../support/qa.js';
import { OPEN_QUESTION, PREFIX, PUBLISHED_QUESTION, seedAnsweredQuestion, SERVER_NAME, webHarness, type WebHarness } from '../support/web.js';

const QUESTION_PATH = '/c/cto-community/q/1/how-do-i-hire-my-first-engineer-as-a-solo-founder';

async function enabledSite(): Promise<WebHarness> {
  const h = webHarness();
  await seedAnsweredQuestion(h);
  await h.web.settings.enable(GUILD, SERVER_NAME, moderator);
  return h;
}

const jsonLdOf = (html: string): Record<string, unknown> => {
  const match = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error('no JSON-LD');
  return JSON.parse(match[1]) as Record<string, unknown>;
};

const locsOf = (xml: string): string[] => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1] ?? '');
const SITE_ORIGIN = 'https://answers.example.org';

/** Every address a sitemap index lists, read file by file; each file must be a urlset (an index may not name an index). */
async function sitemapAddresses(h: WebHarness, index: string): Promise<{ files: string[]; addresses: string[] }> {
  const listed = await h.get(index);
  expect(listed.statusCode).toBe(200);
  expect(listed.body).toContain('<sitemapindex');
  const files = locsOf(listed.body);
  const addresses: string[] = [];
  for (const file of files) {
    expect(file.startsWith(`${SITE_ORIGIN}${PREFIX}/`), file).toBe(true);
    const response = await h.get(file.slice(`${SITE_ORIGIN}${PREFIX}`.length));
    expect(response.statusCode, file).toBe(200);
    expect(response.body, file).toContain('<urlset');
    addresses.push(...locsOf(response.body));
  }
  return { files, addresses };
}

/** Asks, answers and accepts questions #from…#to (HELPER's answer), as members would. */
async function publishQuestions(h: WebHarness, from: number, to: number): Promise<void> {
  for (let number = from; number <= to; number += 1) {
    // A different asker each and a minute apart: members may post only so much in ten minutes.
    h.clock.advance(60_000);
    const asker = String(320_000_000_000_000_000n + BigInt(number));
    await ask(h.qa, `How should a team of ${number} engineers run its planning?`, { userId: asker });
    await h.qa.answering.answer(GUILD, number, member(HELPER), `Plan every two weeks with ${number} people in the room, then review.`);
    await h.qa.answering.accept(GUILD, { question: number, answer: 1 }, member(asker));
  }
}

const numbersIn = (html: string): number[] => [...html.matchAll(/\/q\/(\d+)\//g)].map((match) => Number(match[1]));
const section = (html: string, id: string): string => html.split(`<h2 id="${id}">`)[1]?.split('</section>')[0] ?? '';
const linkOf = (html: string, rel: 'prev' | 'next'): string | undefined => new RegExp(`<a rel="${rel}" href="${PREFIX}([^"]+)"`).exec(html)?.[1]?.replace(/&amp;/g, '&');

describe('the community site over HTTP', () => {
  it('GIVEN a server that did not turn its site on THEN none of its pages exist (404) and no sitemap names it', async () => {
    const h = webHarness();
    await seedAnsweredQuestion(h);
    for (const path of ['/c/cto-community/', QUESTION_PATH, '/c/cto-community/kb/community-1', '/c/cto-community/sitemap.xml', '/c/cto-community/sitemaps/pages.xml', '/c/cto-community/sitemaps/questions-1.xml']) {
      expect((await h.get(path)).statusCode, path).toBe(404);
    }
    expect((await h.get('/sitemap.xml')).body).not.toContain('cto-community');
    expect((await h.get('/')).body).toContain('No community has published');
  });

  it('GIVEN the site on THEN the home page lists the answered question and the entry, not the open question, with search and most-asked topics', async () => {
    const h = await enabledSite();
    const home = await h.get('/c/cto-community/');
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.body).toContain(`href="${PREFIX}${QUESTION_PATH}"`);
    expect(home.body).toContain(`href="${PREFIX}/c/cto-community/kb/community-1"`);
    expect(home.body).toContain('Most-asked topics');
    expect(home.body).toContain('<form class="search" role="search"');
    expect(home.body).not.toContain(OPEN_QUESTION);
    expect((await h.get('/c/cto-community')).headers.location).toBe(`${PREFIX}/c/cto-community/`);
    expect((await h.get('/')).body).toContain(`href="${PREFIX}/c/cto-community/"`);
  });

  it('GIVEN the question page THEN the accepted answer comes first, members who did not opt in are "a member", no id shows, and JSON-LD names the accepted answer', async () => {
    const h = await enabledSite();
    const page = await h.get(QUESTION_PATH);
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html.indexOf('pay for a trial week')).toBeLessThan(html.indexOf('Start with a contractor'));
    expect(html).toContain('Accepted answer');
    expect(html).toContain('<span class="mention">a member</span>');
    expect(html).not.toMatch(/\d{17,20}/);
    expect(html).toContain(`<link rel="canonical" href="https://answers.example.org/community${QUESTION_PATH}">`);
    expect(html).toContain('<meta property="og:title"');
    expect(html).toContain('<meta name="twitter:card" content="summary">');
    expect(html).toContain('<a href="https://example.com/hiring" rel="ugc nofollow">the guide</a>');
    const data = jsonLdOf(html) as { '@type': string; mainEntity: { name: string; acceptedAnswer: { text: string; author: { name: string } }; suggestedAnswer: unknown[] } };
    expect(data['@type']).toBe('QAPage');
    expect(data.mainEntity.name).toBe(PUBLISHED_QUESTION);
    expect(data.mainEntity.acceptedAnswer.text).toContain('pay for a trial week');
    expect(data.mainEntity.acceptedAnswer.author.name).toBe('a member');
    expect(data.mainEntity.suggestedAnswer).toHaveLength(1);
    expect(Buffer.byteLength(html)).toBeLessThan(50_000);
    // Its link to the knowledge-base entry it was promoted to.
    expect(html).toContain(`href="${PREFIX}/c/cto-community/kb/community-1"`);
  });

  it('GIVEN /qa web name on THEN that member shows by the name they agreed to, and after off as "a member" again on the next request', async () => {
    const h = await enabledSite();
    await h.web.settings.setPublicName(GUILD, HELPER, 'Helen');
    await h.web.settings.setPublicName(GUILD, ASKER, 'Sam');
    let html = (await h.get(QUESTION_PATH)).body;
    expect(html).toContain('by <span class="author">Helen</span>');
    expect(html).toContain('Asked by <span class="author">Sam</span>');
    expect(html).toContain('<span class="mention">@Sam</span>');
    await h.web.settings.setPublicName(GUILD, HELPER, null);
    html = (await h.get(QUESTION_PATH)).body;
    expect(html).not.toContain('Helen');
    expect(html).toContain('by <span class="author">a member</span>');
  });

  it('GIVEN a page THEN it carries a strict CSP, an ETag that answers 304 when unchanged, Last-Modified and no-cache', async () => {
    const h = await enabledSite();
    const page = await h.get(QUESTION_PATH);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('public, no-cache');
    expect(page.headers['last-modified']).toMatch(/GMT$/);
    const etag = String(page.headers.etag);
    expect((await h.get(QUESTION_PATH, { 'if-none-match': etag })).statusCode).toBe(304);
    await h.web.settings.setPublicName(GUILD, HELPER, 'Helen');
    // The page changed without any date moving: the ETag tells, so no stale 304.
    expect((await h.get(QUESTION_PATH, { 'if-none-match': etag })).statusCode).toBe(200);
    const css = await h.get('/assets/site.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(Buffer.byteLength(page.body) + Buffer.byteLength(css.body)).toBeLessThan(50_000);
  });

  it('GIVEN old or missing words in a question address THEN it redirects (301) to the canonical one; unknown ids and open questions are 404', async () => {
    const h = await enabledSite();
    for (const path of ['/c/cto-community/q/1', '/c/cto-community/q/1/old-words']) {
      const moved = await h.get(path);
      expect(moved.statusCode, path).toBe(301);
      expect(moved.headers.location).toBe(`${PREFIX}${QUESTION_PATH}`);
    }
    for (const path of ['/c/cto-community/q/2', '/c/cto-community/q/999', '/c/cto-community/q/abc', '/c/cto-community/q/0', '/c/nope/', '/c/NOPE!/', '/c/cto-community/kb/cto-role', '/c/cto-community/kb/..%2F..', '/nothing-here']) {
      const response = await h.get(path);
      expect(response.statusCode, path).toBe(404);
      expect(response.body, path).toContain('Page not found');
    }
  });

  it('GIVEN the entry page THEN it shows the promoted answer with FAQPage data and links back to its question', async () => {
    const h = await enabledSite();
    const page = await h.get('/c/cto-community/kb/community-1');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('pay for a trial week');
    expect(page.body).toContain(`href="${PREFIX}${QUESTION_PATH}"`);
    const data = jsonLdOf(page.body) as { '@type': string; mainEntity: { acceptedAnswer: { text: string } }[] };
    expect(data['@type']).toBe('FAQPage');
    expect(data.mainEntity[0]?.acceptedAnswer.text).toContain('pay for a trial week');
  });

  it('GIVEN searches THEN results come from the search services and only published ones show; operators and quotes never fail; bad queries are 400', async () => {
    const h = await enabledSite();
    const found = await h.get('/c/cto-community/search?q=hire+first+engineer');
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`href="${PREFIX}${QUESTION_PATH}"`);
    expect(found.body).toContain('<meta name="robots" content="noindex">');
    expect((await h.get('/c/cto-community/search?q=on-call+rotation')).body).not.toContain(OPEN_QUESTION);
    for (const query of ['"hire', 'hire AND OR NOT', 'NEAR(hire engineer)', '*', '-', '(((', "'; DROP TABLE qa_questions; --", 'hire^2 col:value', '%22', '🙂', '']) {
      const response = await h.get(`/c/cto-community/search?q=${encodeURIComponent(query)}`);
      expect(response.statusCode, query).toBe(200);
    }
    for (const path of [`/c/cto-community/search?q=${'a'.repeat(201)}`, '/c/cto-community/search?q=a&q=b', '/c/cto-community/search?q=%E0%A4%A', `/c/cto-community/?before=${'9'.repeat(30)}`, '/c/cto-community/?after=-1', `/c/cto-community/search?q=${'x'.repeat(3_000)}`]) {
      const response = await h.get(path);
      expect(response.statusCode, path).toBe(400);
      expect(response.body).toContain('could not be read');
    }
  });

  it('GIVEN a question excluded, deleted or closed, or its entry excluded THEN its page answers 410 on the next request; included again, 200', async () => {
    const h = await enabledSite();
    await h.web.settings.exclude(GUILD, moderator, 'question', '1');
    expect((await h.get(QUESTION_PATH)).statusCode).toBe(410);
    expect((await h.get('/c/cto-community/')).body).not.toContain(QUESTION_PATH);
    expect((await sitemapAddresses(h, '/c/cto-community/sitemap.xml')).addresses.join(' ')).not.toContain('/q/1');
    await h.web.settings.include(GUILD, moderator, 'question', '1');
    expect((await h.get(QUESTION_PATH)).statusCode).toBe(200);
    await h.web.settings.exclude(GUILD, moderator, 'entry', 'community-1');
    expect((await h.get('/c/cto-community/kb/community-1')).statusCode).toBe(410);
    await h.web.settings.include(GUILD, moderator, 'entry', 'community-1');
    await h.qa.moderation.close(GUILD, 1, moderator);
    expect((await h.get(QUESTION_PATH)).statusCode).toBe(410);
    await h.qa.moderation.reopen(GUILD, 1, moderator);
    expect((await h.get(QUESTION_PATH)).statusCode).toBe(200);
    await h.qa.moderation.remove(GUILD, 1, moderator);
    const gone = await h.get(QUESTION_PATH);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('This page was removed');
    // The promoted entry went with its question.
    expect((await h.get('/c/cto-community/kb/community-1')).statusCode).toBe(410);
  });

  it("GIVEN an entry promoted while the bot knew a mentioned member's name THEN the site titles it by the site's rules, never by that name, even with its question off the site", async () => {
    const h = webHarness();
    await ask(h.qa, `Should <@${HELPER}> own the hiring plan or the CEO?`);
    await h.qa.answering.answer(GUILD, 1, moderator, `The CTO owns it; <@${HELPER}> runs the loop day to day.`);
    await h.qa.answering.accept(GUILD, { question: 1, answer: 1 }, member(ASKER));
    // The server's names at promote time: the stored title and summary read "@Helen".
    await h.qa.promoting.promote(GUILD, 1, moderator, { user: (id) => (id === HELPER ? 'Helen' : undefined), role: () => undefined, channel: () => undefined });
    await h.web.settings.enable(GUILD, SERVER_NAME, moderator);
    await h.web.settings.exclude(GUILD, moderator, 'question', '1');
    for (const path of ['/c/cto-community/', '/c/cto-community/kb/community-1', '/c/cto-community/search?q=hiring+plan']) {
      const response = await h.get(path);
      expect(response.statusCode, path).toBe(200);
      expect(response.body, path).not.toContain('Helen');
    }
    expect((await h.get('/c/cto-community/kb/community-1')).body).toContain('Should a member own the hiring plan or the CEO?');
  });

  it('GIVEN a malformed percent-encoding in a path THEN a 400 page, not an error', async () => {
    const h = await enabledSite();
    for (const path of ['/c/cto-community/q/1/%E0%A4%A', '/c/%E0%A4%A/', '/c/cto-community/kb/%ZZ']) {
      const response = await h.get(path);
      expect([400, 404], path).toContain(response.statusCode);
      expect(response.headers['content-type'], path).toBe('text/html; charset=utf-8');
    }
  });

  it('GIVEN the site turned off THEN every page of it is 404 on the next request, and on again it is back at the same path', async () => {
    const h = await enabledSite();
    await h.web.settings.disable(GUILD, moderator);
    for (const path of ['/c/cto-community/', QUESTION_PATH, '/c/cto-community/kb/community-1', '/c/cto-community/search?q=hire', '/c/cto-community/sitemap.xml', '/c/cto-community/sitemaps/questions-1.xml']) {
      expect((await h.get(path)).statusCode, path).toBe(404);
    }
    await h.web.settings.enable(GUILD, SERVER_NAME, moderator);
    expect((await h.get(QUESTION_PATH)).statusCode).toBe(200);
  });

  it('GIVEN sitemaps and robots.txt THEN they list only what is published, with absolute URLs', async () => {
    const h = await enabledSite();
    const { addresses } = await sitemapAddresses(h, '/sitemap.xml');
    expect(addresses).toEqual([`${SITE_ORIGIN}${PREFIX}/c/cto-community/`, `${SITE_ORIGIN}${PREFIX}/c/cto-community/kb/community-1`, `${SITE_ORIGIN}${PREFIX}${QUESTION_PATH}`]);
    // The server's own index lists the same files.
    expect((await sitemapAddresses(h, '/c/cto-community/sitemap.xml')).addresses).toEqual(addresses);
    const robots = (await h.get('/robots.txt')).body;
    expect(robots).toContain('Sitemap: https://answers.example.org/community/sitemap.xml');
    expect(robots).toContain('Disallow: /community/c/*/search');
  });

  it('GIVEN more questions than one sitemap file holds THEN the index lists one file per range of numbers, each within its limit, together every published question once', async () => {
    const h = webHarness({ sitemapQuestionsPerFile: 2 });
    await seedAnsweredQuestion(h);
    // #3 and #5 answered and accepted, #4 open: published are 1, 3 and 5.
    for (const number of [3, 4, 5]) {
      await ask(h.qa, `Question number ${number} about hiring?`);
      if (number === 4) continue;
      await h.qa.answering.answer(GUILD, number, member(HELPER), `Hire a contractor first for question ${number}, then convert them.`);
      await h.qa.answering.accept(GUILD, { question: number, answer: 1 }, member(ASKER));
    }
    await h.web.settings.enable(GUILD, SERVER_NAME, moderator);
    const { files, addresses } = await sitemapAddresses(h, '/sitemap.xml');
    expect(files.map((file) => file.split('/').at(-1))).toEqual(['pages.xml', 'questions-1.xml', 'questions-2.xml', 'questions-3.xml']);
    const questions = addresses.filter((address) => address.includes('/q/')).map((address) => /\/q\/(\d+)/.exec(address)?.[1]);
    expect(questions).toEqual(['1', '3', '5']);
    for (const name of ['questions-1.xml', 'questions-2.xml', 'questions-3.xml']) {
      expect(locsOf((await h.get(`/c/cto-community/sitemaps/${name}`)).body).length, name).toBeLessThanOrEqual(2);
    }
    for (const name of ['questions-4.xml', 'questions-0.xml', 'index.xml', 'pages.xml.gz']) {
      expect((await h.get(`/c/cto-community/sitemaps/${name}`)).statusCode, name).toBe(404);
    }
  });

  it('GIVEN more answered questions than a page lists THEN Older and Newer pages start from a question number, and wrong positions are 400 or 404', async () => {
    const h = await enabledSite();
    // #1 published, #2 open, #3…#23 published: 22 on the site.
    await publishQuestions(h, 3, 23);
    const newest = (await h.get('/c/cto-community/')).body;
    const first = numbersIn(section(newest, 'latest'));
    expect(first).toEqual(Array.from({ length: 20 }, (_, index) => 23 - index));
    expect(linkOf(newest, 'prev')).toBeUndefined();
    expect(linkOf(newest, 'next')).toBe('/c/cto-community/?before=4');
    const older = await h.get('/c/cto-community/?before=4');
    expect(older.statusCode).toBe(200);
    expect(numbersIn(section(older.body, 'latest'))).toEqual([3, 1]);
    expect(older.body).toContain(`<link rel="canonical" href="https://answers.example.org${PREFIX}/c/cto-community/?before=4">`);
    expect(linkOf(older.body, 'next')).toBeUndefined();
    expect(linkOf(older.body, 'prev')).toBe('/c/cto-community/?after=3');
    const newer = (await h.get('/c/cto-community/?after=3')).body;
    expect(numbersIn(section(newer, 'latest'))).toEqual(first);
    expect(linkOf(newer, 'prev')).toBeUndefined();
    expect(linkOf(newer, 'next')).toBe('/c/cto-community/?before=4');
    // Past either end there is nothing to show; both ends at once, or not a number, is a bad address.
    expect((await h.get('/c/cto-community/?before=1')).statusCode).toBe(404);
    expect((await h.get('/c/cto-community/?after=23')).statusCode).toBe(404);
    for (const query of ['?before=4&after=3', '?before=abc', '?after=-1', '?before=0']) expect((await h.get(`/c/cto-community/${query}`)).statusCode, query).toBe(400);
  });

  it('GIVEN upvotes THEN the most upvoted keep their order for up to a minute, while a question deleted or excluded leaves the list on the next request', async () => {
    const h = await enabledSite();
    await publishQuestions(h, 3, 4);
    await h.qa.voting.toggleQuestionVote(GUILD, 1, member(HELPER));
    expect(numbersIn(section((await h.get('/c/cto-community/')).body, 'top'))).toEqual([1]);
    // #3 overtakes #1: the counted order stands until a minute has passed.
    for (const voter of [HELPER, READER]) await h.qa.voting.toggleQuestionVote(GUILD, 3, member(voter));
    expect(numbersIn(section((await h.get('/c/cto-community/')).body, 'top'))).toEqual([1]);
    h.clock.advance(60_000);
    expect(numbersIn(section((await h.get('/c/cto-community/')).body, 'top'))).toEqual([3, 1]);
    // Within the next minute, what is no longer published leaves at once.
    await h.qa.voting.toggleQuestionVote(GUILD, 4, member(HELPER));
    await h.web.settings.exclude(GUILD, moderator, 'question', '3');
    expect(numbersIn(section((await h.get('/c/cto-community/')).body, 'top'))).toEqual([1]);
    await h.qa.moderation.remove(GUILD, 1, moderator);
    expect(section((await h.get('/c/cto-community/')).body, 'top')).toBe('');
    h.clock.advance(60_000);
    expect(numbersIn(section((await h.get('/c/cto-community/')).body, 'top'))).toEqual([4]);
  });

  it("GIVEN two servers THEN a site shows only its own server's questions, whatever number is typed", async () => {
    const h = await enabledSite();
    await ask(h.qa, 'How should a CTO split time between code and people?', { guildId: OTHER_GUILD });
    await h.qa.answering.answer(OTHER_GUILD, 1, member(HELPER), 'Protect two mornings a week for deep work.');
    await h.qa.answering.accept(OTHER_GUILD, { question: 1, answer: 1 }, member(ASKER));
    await h.web.settings.enable(OTHER_GUILD, 'Other Server', moderator);
    expect((await h.get('/c/other-server/q/1')).headers.location).toContain('/c/other-server/q/1/how-should-a-cto');
    expect((await h.get('/c/other-server/')).body).not.toContain('hire my first engineer');
    expect((await h.get('/c/cto-community/search?q=deep+work+mornings')).body).not.toContain('Protect two mornings');
    await expect(h.web.settings.enable(OTHER_GUILD, 'Other', moderator, 'cto-community')).rejects.toThrow(/Another server already uses/);
  });
});
