/** Readable URL parts from text: lowercase ASCII words joined by '-', mentions and ids left out. */

const MENTION = /<(?:@[!&]?|#|\/[\w -]{1,100}:|a?:\w{1,32}:|t:)[^>]{0,40}>/g;

/** "How do I hire my first <@123> engineer?" → "how-do-i-hire-my-first-engineer". */
export function textSlug(text: string, maxLength = 60): string {
  const words = text
    .replace(MENTION, ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  return slug || (words[0]?.slice(0, maxLength) ?? '');
}

/** A server's path under /c/: 2–40 of a–z, 0–9 and single dashes, not starting or ending with one. */
export const SITE_SLUG = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,39}$/;

/** A site path proposed from the server's name ("CTO Community" → "cto-community"). */
export function siteSlugFrom(name: string): string {
  const slug = textSlug(name, 40);
  return SITE_SLUG.test(slug) ? slug : `community-${slug}`.slice(0, 40).replace(/-+$/, '');
}
