import { textSlug } from './slugs.js';

/**
 * Where the site's pages are, under the base URL (WEB_BASE_URL, e.g. https://example.org/community,
 * or the local address): paths for links, absolute URLs for canonical links, sitemaps and sharing.
 */
export interface SiteUrls {
  /** The path every route sits under ('' at the root of the host). */
  readonly prefix: string;
  root(): string;
  asset(name: string): string;
  /** A server's home page: the newest questions, or the page of them before or after a number. */
  home(slug: string, position?: { readonly before?: number | undefined; readonly after?: number | undefined }): string;
  search(slug: string, query?: string): string;
  question(slug: string, number: number, text: string): string;
  entry(slug: string, id: string): string;
  /** The sitemap index of every server (no slug) or of one server. */
  sitemap(slug?: string): string;
  /** One file of a server's sitemap, by its file name (`pages.xml`, `questions-2.xml`). */
  sitemapFile(slug: string, name: string): string;
  absolute(path: string): string;
}

export function siteUrls(baseUrl: string): SiteUrls {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const origin = base.origin;
  const site = (slug: string) => `${prefix}/c/${encodeURIComponent(slug)}`;
  return {
    prefix,
    root: () => `${prefix}/`,
    asset: (name) => `${prefix}/assets/${name}`,
    home: (slug, position = {}) =>
      `${site(slug)}/${position.before !== undefined ? `?before=${position.before}` : position.after !== undefined ? `?after=${position.after}` : ''}`,
    search: (slug, query) => `${site(slug)}/search${query === undefined ? '' : `?q=${encodeURIComponent(query)}`}`,
    question: (slug, number, text) => {
      const words = textSlug(text);
      return `${site(slug)}/q/${number}${words ? `/${words}` : ''}`;
    },
    entry: (slug, id) => `${site(slug)}/kb/${encodeURIComponent(id)}`,
    sitemap: (slug) => (slug === undefined ? `${prefix}/sitemap.xml` : `${site(slug)}/sitemap.xml`),
    sitemapFile: (slug, name) => `${site(slug)}/sitemaps/${encodeURIComponent(name)}`,
    absolute: (path) => `${origin}${path}`,
  };
}
