import type { SitemapEntry, SitemapQuestion } from '../archive-store.js';
import type { SitemapFile } from '../archive.js';
import { escapeHtml } from '../markdown.js';
import type { SiteRow } from '../site-store.js';
import type { SiteUrls } from '../urls.js';

/**
 * robots.txt, sitemap indexes and sitemap files: only what is published, nothing else named. A
 * sitemap index may not name another index, so the site-wide one lists every server's files itself.
 */

const xml = (text: string) => escapeHtml(text);
const FILE_NAME = /^(?:pages|questions-([1-9]\d{0,5}))\.xml$/;

export function sitemapFileName(file: SitemapFile): string {
  return file.kind === 'pages' ? 'pages.xml' : `questions-${file.page}.xml`;
}

/** The file a sitemap file name stands for, or undefined when it names none. */
export function parseSitemapFileName(name: string): SitemapFile | undefined {
  const match = FILE_NAME.exec(name);
  if (!match) return undefined;
  return match[1] === undefined ? { kind: 'pages' } : { kind: 'questions', page: Number(match[1]) };
}

export function robotsTxt(urls: SiteUrls): string {
  return [`User-agent: *`, `Disallow: ${urls.prefix}/c/*/search`, `Allow: ${urls.root()}`, `Sitemap: ${urls.absolute(urls.sitemap())}`, ''].join('\n');
}

/** A sitemap index of the given servers' files (all publishing servers, or one). */
export function sitemapIndex(urls: SiteUrls, sites: readonly { site: SiteRow; files: readonly SitemapFile[] }[]): string {
  const items = sites.flatMap(({ site, files }) => files.map((file) => `<sitemap><loc>${xml(urls.absolute(urls.sitemapFile(site.slug, sitemapFileName(file))))}</loc></sitemap>`));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${items.join('')}</sitemapindex>\n`;
}

/** One sitemap file: the home page with the entries, or one range of questions. */
export function sitemapUrls(urls: SiteUrls, site: SiteRow, file: SitemapFile, content: { questions: readonly SitemapQuestion[]; entries: readonly SitemapEntry[] }): string {
  const url = (path: string, lastModified?: string) => `<url><loc>${xml(urls.absolute(path))}</loc>${lastModified ? `<lastmod>${xml(lastModified)}</lastmod>` : ''}</url>`;
  const items = [
    ...(file.kind === 'pages' ? [url(urls.home(site.slug), site.changedAt)] : []),
    ...content.entries.map((entry) => url(urls.entry(site.slug, entry.id), entry.createdAt)),
    ...content.questions.map((question) => url(urls.question(site.slug, question.number, question.text), question.updatedAt)),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${items.join('')}</urlset>\n`;
}
