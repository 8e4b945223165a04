import { Eta } from 'eta';
import { projectPath } from '../../core/paths.js';
import type { EntryView, HomeView, QuestionView, SearchView } from '../archive.js';
import { plainMemberText, renderMemberMarkdown, type WebMentionNames } from '../markdown.js';
import type { SiteRow } from '../site-store.js';
import type { SiteUrls } from '../urls.js';
import { entryJsonLd, questionJsonLd } from './json-ld.js';

/**
 * Pages as HTML strings: Eta templates (src/web/templates, escaping every `<%= %>`), member text
 * through renderMemberMarkdown only (the one `<%~ %>` source besides the layout's body and JSON-LD).
 */

const eta = new Eta({ views: projectPath('src', 'web', 'templates'), cache: true, autoEscape: true });

/** Each page stays well under 50 KB: answers beyond this much member HTML are left on Discord. */
const ANSWER_HTML_BUDGET = 36_000;
const TITLE_LENGTH = 150;

interface Layout {
  readonly urls: SiteUrls;
  readonly site: SiteRow | null;
  readonly title: string;
  readonly description: string;
  readonly canonical: string | null;
  /** Whether search engines may index it (not search results or errors). */
  readonly index: boolean;
  readonly ogType: 'website' | 'article';
  readonly jsonLd?: string;
  readonly query?: string;
}

function page(layout: Layout, template: string, data: object): string {
  const body = eta.render(template, { ...data, urls: layout.urls, site: layout.site });
  return eta.render('layout', {
    ...layout,
    siteName: layout.site?.title ?? 'Community answers',
    query: layout.query ?? '',
    jsonLd: layout.jsonLd ?? null,
    body,
  });
}

const day = (iso: string) => iso.slice(0, 10);

/** An entry's title and summary: a promoted one's from its question and answer text, named by the site's rules. */
function entryText(entry: { title: string; summary: string; body: string; sourceQuestion: string | null }, names: WebMentionNames, summaryLength: number) {
  return entry.sourceQuestion === null
    ? { title: plainMemberText(entry.title, names, TITLE_LENGTH), summary: plainMemberText(entry.summary, names, summaryLength) }
    : { title: plainMemberText(entry.sourceQuestion, names, TITLE_LENGTH), summary: plainMemberText(entry.body, names, summaryLength) };
}

export function renderRoot(urls: SiteUrls, sites: readonly SiteRow[]): string {
  return page(
    { urls, site: null, title: 'Community answers', description: 'Answers from Discord communities, published by their moderators.', canonical: urls.absolute(urls.root()), index: true, ogType: 'website' },
    'root',
    { sites },
  );
}

export function renderHome(urls: SiteUrls, site: SiteRow, home: HomeView, names: WebMentionNames): string {
  const line = <T extends { number: number; text: string }>(row: T) => ({ ...row, title: plainMemberText(row.text, names, TITLE_LENGTH), slugText: row.text });
  const view = {
    ...home,
    topics: home.topics.map((topic) => ({ ...topic, ...entryText(topic, names, 200) })),
    topQuestions: home.topQuestions.map(line),
    latest: home.latest.map(line),
  };
  return page(
    {
      urls,
      site,
      title:
        home.position.before !== undefined
          ? `${site.title}: community answers (before #${home.position.before})`
          : home.position.after !== undefined
            ? `${site.title}: community answers (after #${home.position.after})`
            : `${site.title}: community answers`,
      description: `Answered questions and knowledge-base entries from the ${site.title} community.`,
      canonical: urls.absolute(urls.home(site.slug, home.position)),
      index: true,
      ogType: 'website',
    },
    'home',
    { home: view },
  );
}

export function renderQuestion(urls: SiteUrls, site: SiteRow, view: QuestionView, names: WebMentionNames): string {
  const { question } = view;
  const title = plainMemberText(question.text, names, TITLE_LENGTH);
  const canonical = urls.absolute(urls.question(site.slug, question.number, question.text));
  const answer = (row: QuestionView['accepted']) => ({ number: row.number, html: renderMemberMarkdown(row.text, names), author: row.author.name, createdAt: row.createdAt, day: day(row.createdAt), votes: row.votes });
  const accepted = answer(view.accepted);
  let budget = ANSWER_HTML_BUDGET - accepted.html.length;
  const others: ReturnType<typeof answer>[] = [];
  for (const row of view.others) {
    const rendered = answer(row);
    if (rendered.html.length > budget) break;
    budget -= rendered.html.length;
    others.push(rendered);
  }
  const full = plainMemberText(question.text, names, Number.MAX_SAFE_INTEGER);
  const bodyHtml = full !== title || question.text.includes('\n') ? renderMemberMarkdown(question.text.slice(0, 4_000), names) : null;
  return page(
    {
      urls,
      site,
      title: `${title} · ${site.title}`,
      description: plainMemberText(view.accepted.text, names, 200),
      canonical,
      index: true,
      ogType: 'article',
      jsonLd: questionJsonLd({ canonical, question, title, asker: view.asker, accepted: view.accepted, others: view.others, names }),
    },
    'question',
    {
      title,
      asker: view.asker.name,
      q: { createdAt: question.createdAt, createdDay: day(question.createdAt), votes: question.votes, bodyHtml },
      accepted,
      others,
      hidden: view.others.length - others.length,
      entryUrl: view.entryId ? urls.entry(site.slug, view.entryId) : null,
    },
  );
}

export function renderEntry(urls: SiteUrls, site: SiteRow, view: EntryView, names: WebMentionNames): string {
  const { entry } = view;
  const { title, summary } = entryText(entry, names, 300);
  const canonical = urls.absolute(urls.entry(site.slug, entry.id));
  return page(
    {
      urls,
      site,
      title: `${title} · ${site.title}`,
      description: summary,
      canonical,
      index: true,
      ogType: 'article',
      jsonLd: entryJsonLd({ canonical, entry, title, summary, author: view.author, question: view.question, names }),
    },
    'entry',
    {
      title,
      summary,
      bodyHtml: renderMemberMarkdown(entry.body, names),
      author: view.author?.name ?? null,
      createdAt: entry.createdAt,
      day: day(entry.createdAt),
      questionUrl: view.question ? urls.question(site.slug, view.question.number, view.question.text) : null,
      questionTitle: view.question ? plainMemberText(view.question.text, names, TITLE_LENGTH) : null,
    },
  );
}

export function renderSearch(urls: SiteUrls, site: SiteRow, view: SearchView, names: WebMentionNames): string {
  const questions = view.questions.map((row) => ({ url: urls.question(site.slug, row.number, row.text), title: plainMemberText(row.text, names, TITLE_LENGTH), answer: plainMemberText(row.answer, names, 200) }));
  const entries = view.entries.map((row) => ({ url: urls.entry(site.slug, row.id), ...entryText(row, names, 200) }));
  return page(
    { urls, site, title: view.query ? `“${view.query}” · ${site.title}` : `Search · ${site.title}`, description: `Search the ${site.title} community's answers.`, canonical: null, index: false, ogType: 'website', query: view.query },
    'search',
    { query: view.query, questions, entries, total: questions.length + entries.length },
  );
}

const ERRORS = {
  400: { heading: 'That request could not be read', message: 'The address or search was malformed or too long. Try a shorter search.' },
  404: { heading: 'Page not found', message: 'There is nothing published at this address.' },
  410: { heading: 'This page was removed', message: 'It was removed from the community’s site: deleted, closed or excluded by a moderator, or no longer answered.' },
} as const;

export type ErrorStatus = keyof typeof ERRORS;

export function renderError(urls: SiteUrls, site: SiteRow | null, status: ErrorStatus): string {
  const { heading, message } = ERRORS[status];
  return page({ urls, site, title: heading, description: message, canonical: null, index: false, ogType: 'website' }, 'error', { heading, message });
}
