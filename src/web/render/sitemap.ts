import type { EntryLine } from '../archive-store.js';
import { escapeHtml } from '../markdown.js';
import type { SiteRow } from '../site-store.js';
import type { SiteUrls } from '../urls.js';

/** robots.txt, sitemap index and per-server sitemaps: only what is published, nothing else named. */

const xml = (text: string) => escapeHtml(text);

export function robotsTxt(urls: SiteUrls): string {
  return [`User-agent: *`, `Disallow: ${urls.prefix}/c/*/search`, `Allow: ${urls.root()}`, `Sitemap: ${urls.absolute(urls.sitemap())}`, ''].join('\n');
}

export function sitemapIndex(urls: SiteUrls, sites: readonly SiteRow[]): string {
  const items = sites.map((site) => `<sitemap><loc>${xml(urls.absolute(urls.sitemap(site.slug)))}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${items.join('')}</sitemapindex>\n`;
}

export function siteSitemap(urls: SiteUrls, site: SiteRow, content: { questions: readonly { number: number; text: string; updatedAt: string }[]; entries: readonly EntryLine[] }): string {
  const url = (path: string, lastModified?: string) => `<url><loc>${xml(urls.absolute(path))}</loc>${lastModified ? `<lastmod>${xml(lastModified)}</lastmod>` : ''}</url>`;
  const items = [
    url(urls.home(site.slug), site.changedAt),
    ...content.entries.map((entry) => url(urls.entry(site.slug, entry.id), entry.createdAt)),
    ...content.questions.map((question) => url(urls.question(site.slug, question.number, question.text), question.updatedAt)),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${items.join('')}</urlset>\n`;
}
