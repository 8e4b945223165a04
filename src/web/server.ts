import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../core/logger.js';
import { projectPath } from '../core/paths.js';
import type { Archive } from './archive.js';
import { renderEntry, renderError, renderHome, renderQuestion, renderRoot, renderSearch, type ErrorStatus } from './render/pages.js';
import { parseSitemapFileName, robotsTxt, sitemapIndex, sitemapUrls } from './render/sitemap.js';
import type { SiteRow } from './site-store.js';
import { siteUrls, type SiteUrls } from './urls.js';

/**
 * The community site over HTTP (fastify): server-rendered pages, no JavaScript, every page read live
 * from the database, so a change on Discord shows on the next request. Pages answer with an ETag
 * (a hash of the page: exact, so a 304 is never stale) and `Cache-Control: no-cache` (revalidate
 * every time), which lets a deletion or an opt-out take effect at once even behind a cache.
 */

export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** Longer addresses are refused (400) before any work. */
const MAX_URL_LENGTH = 2_048;
const MAX_QUERY_LENGTH = 200;

const ASSETS: Record<string, { type: string; body: Buffer }> = {
  'site.css': { type: 'text/css; charset=utf-8', body: readFileSync(projectPath('src', 'web', 'assets', 'site.css')) },
  'icon.svg': { type: 'image/svg+xml', body: readFileSync(projectPath('src', 'web', 'assets', 'icon.svg')) },
};

const listNumber = z.coerce.number().int().min(1).max(999_999_999).optional();
const homeQuery = z.object({ before: listNumber, after: listNumber }).refine((query) => query.before === undefined || query.after === undefined);
const searchQuery = z.object({ q: z.string().max(MAX_QUERY_LENGTH).optional() });
const slugParam = /^[a-z0-9-]{1,40}$/;
const numberParam = /^[1-9]\d{0,8}$/;
const entryParam = /^[\w.-]{1,100}$/;

class BadRequest extends Error {}

const etagOf = (body: string | Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

interface WebAppOptions {
  readonly archive: Archive;
  /** The public base URL (WEB_BASE_URL, or the local address once listening): read per request. */
  readonly baseUrl: () => string;
  /** Path prefix routes live under (the base URL's path), fixed when the app is built. */
  readonly prefix: string;
  readonly logger: Logger;
}

/** Builds the site's fastify app (tests use `inject`; startWebServer listens). */
export function buildWebApp({ archive, baseUrl, prefix, logger }: WebAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    routerOptions: { maxParamLength: 300 },
    // A malformed address (bad percent-encoding, …) is a 400 page, not fastify's JSON.
    frameworkErrors: (_error, _request, raw) => {
      const reply = raw as unknown as FastifyReply;
      void reply.code(400).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderError(urls(), null, 400));
    },
  });
  const urls = (): SiteUrls => siteUrls(baseUrl());

  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) throw new BadRequest('address too long');
    const query = request.url.indexOf('?');
    if (query >= 0) {
      try {
        decodeURIComponent(request.url.slice(query + 1).replace(/\+/g, ' '));
      } catch {
        throw new BadRequest('malformed query string');
      }
    }
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  const parse = <T extends z.ZodType>(schema: T, value: unknown): z.output<T> => {
    const result = schema.safeParse(value);
    if (!result.success) throw new BadRequest('bad query');
    return result.data;
  };

  const send = (request: FastifyRequest, reply: FastifyReply, body: string, type: string, lastModified?: string) => {
    const etag = etagOf(body);
    reply.header('content-type', type).header('cache-control', 'public, no-cache').header('etag', etag);
    if (lastModified) reply.header('last-modified', new Date(lastModified).toUTCString());
    // Only the ETag decides a 304: a page can change (a member hides their name) without any of its dates moving.
    const match = request.headers['if-none-match'];
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
    return reply.code(200).send(body);
  };
  const html = (request: FastifyRequest, reply: FastifyReply, body: string, lastModified?: string) => send(request, reply, body, 'text/html; charset=utf-8', lastModified);
  const fail = (reply: FastifyReply, status: ErrorStatus, site: SiteRow | null = null) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderError(urls(), site, status));

  /** The enabled site named in the path, or a 404 already sent. */
  const siteOf = async (request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply): Promise<SiteRow | null> => {
    const site = slugParam.test(request.params.slug) ? await archive.site(request.params.slug) : undefined;
    if (!site) {
      void fail(reply, 404);
      return null;
    }
    return site;
  };

  app.setNotFoundHandler((_request, reply) => fail(reply, 404));
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof BadRequest || (typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 400)) return fail(reply, 400);
    logger.error({ err: error, url: request.url }, 'web page failed');
    return reply.code(500).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send('Something went wrong on our side.');
  });

  app.register(
    async (site) => {
      site.get('/', async (request, reply) => html(request, reply, renderRoot(urls(), await archive.sites())));
      site.get('/robots.txt', async (request, reply) => send(request, reply, robotsTxt(urls()), 'text/plain; charset=utf-8'));
      site.get('/sitemap.xml', async (request, reply) => {
        const sites = await Promise.all((await archive.sites()).map(async (found) => ({ site: found, files: await archive.sitemapFiles(found) })));
        return send(request, reply, sitemapIndex(urls(), sites), 'application/xml; charset=utf-8');
      });
      site.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
        const asset = Object.hasOwn(ASSETS, request.params.name) ? ASSETS[request.params.name] : undefined;
        if (!asset) return fail(reply, 404);
        const etag = etagOf(asset.body);
        reply.header('content-type', asset.type).header('cache-control', 'public, max-age=3600').header('etag', etag);
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
        return reply.send(asset.body);
      });

      site.get<{ Params: { slug: string } }>('/c/:slug', async (request, reply) => {
        const found = await siteOf(request, reply);
        if (found) return reply.redirect(urls().home(found.slug), 301);
      });
      site.get<{ Params: { slug: string }; Querystring: unknown }>('/c/:slug/', async (request, reply) => {
        const position = parse(homeQuery, request.query);
        const found = await siteOf(request, reply);
        if (!found) return;
        const home = await archive.home(found, position);
        if ((position.before !== undefined || position.after !== undefined) && home.latest.length === 0) return fail(reply, 404, found);
        return html(request, reply, renderHome(urls(), found, home, await archive.namesFor(found.guildId)), home.lastModified);
      });
      site.get<{ Params: { slug: string }; Querystring: unknown }>('/c/:slug/search', async (request, reply) => {
        const { q = '' } = parse(searchQuery, request.query);
        const found = await siteOf(request, reply);
        if (!found) return;
        const query = q.trim();
        const view = query ? await archive.search(found, query) : { query: '', questions: [], entries: [] };
        return html(request, reply, renderSearch(urls(), found, view, await archive.namesFor(found.guildId)));
      });
      const question = async (request: FastifyRequest<{ Params: { slug: string; number: string; words?: string } }>, reply: FastifyReply) => {
        const found = await siteOf(request, reply);
        if (!found) return;
        if (!numberParam.test(request.params.number)) return fail(reply, 404, found);
        const lookup = await archive.question(found, Number(request.params.number));
        if (lookup.kind === 'missing') return fail(reply, 404, found);
        if (lookup.kind === 'gone') return fail(reply, 410, found);
        if (lookup.kind === 'moved') return reply.redirect(urls().question(found.slug, lookup.number, lookup.text), 301);
        const canonical = urls().question(found.slug, lookup.view.question.number, lookup.view.question.text);
        // Readable words in the address follow the question's text: an old or missing one redirects.
        if (decodeURI(request.url.split('?')[0] ?? '') !== decodeURI(canonical)) return reply.redirect(canonical, 301);
        return html(request, reply, renderQuestion(urls(), found, lookup.view, await archive.namesFor(found.guildId)), lookup.view.lastModified);
      };
      site.get('/c/:slug/q/:number', question);
      site.get('/c/:slug/q/:number/:words', question);
      site.get<{ Params: { slug: string; id: string } }>('/c/:slug/kb/:id', async (request, reply) => {
        const found = await siteOf(request, reply);
        if (!found) return;
        if (!entryParam.test(request.params.id)) return fail(reply, 404, found);
        const lookup = await archive.entry(found, request.params.id);
        if (lookup.kind === 'gone') return fail(reply, 410, found);
        if (lookup.kind !== 'ok') return fail(reply, 404, found);
        return html(request, reply, renderEntry(urls(), found, lookup.view, await archive.namesFor(found.guildId)), lookup.view.lastModified);
      });
      site.get<{ Params: { slug: string } }>('/c/:slug/sitemap.xml', async (request, reply) => {
        const found = await siteOf(request, reply);
        if (!found) return;
        return send(request, reply, sitemapIndex(urls(), [{ site: found, files: await archive.sitemapFiles(found) }]), 'application/xml; charset=utf-8');
      });
      site.get<{ Params: { slug: string; name: string } }>('/c/:slug/sitemaps/:name', async (request, reply) => {
        const found = await siteOf(request, reply);
        if (!found) return;
        const file = parseSitemapFileName(request.params.name);
        const content = file && (await archive.sitemapFile(found, file));
        if (!file || !content) return fail(reply, 404, found);
        return send(request, reply, sitemapUrls(urls(), found, file, content), 'application/xml; charset=utf-8');
      });
    },
    { prefix },
  );
  return app;
}

interface WebServer {
  /** The site's local address, e.g. http://127.0.0.1:8080/ (its base URL's path included). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0: any free one). Without a base URL, links and canonical URLs use the local address. */
export async function startWebServer({ archive, port, host = '0.0.0.0', baseUrl, logger }: { archive: Archive; port: number; host?: string; baseUrl?: string | undefined; logger: Logger }): Promise<WebServer> {
  let local = `http://127.0.0.1:${port}`;
  const prefix = baseUrl ? new URL(baseUrl).pathname.replace(/\/+$/, '') : '';
  const app = buildWebApp({ archive, baseUrl: () => baseUrl ?? local, prefix, logger });
  await app.listen({ port, host });
  const bound = (app.server.address() as AddressInfo).port;
  local = `http://127.0.0.1:${bound}`;
  return { url: `${local}${prefix}/`, port: bound, close: () => app.close() };
}
