import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { ArchiveStore, QuestionLine } from './archive-store.js';
import type { ExclusionKind, SiteRow, SiteStore } from './site-store.js';
import { SITE_SLUG, siteSlugFrom } from './slugs.js';

interface Actor {
  readonly userId: string;
  readonly moderator: boolean;
}

/** What turning the site on makes public, for the moderator to see before they do. */
interface WebPreview {
  readonly slug: string;
  readonly questions: number;
  readonly entries: number;
  readonly sampleQuestions: readonly QuestionLine[];
  readonly sampleEntries: readonly { readonly id: string; readonly title: string }[];
  readonly excluded: readonly { readonly kind: ExclusionKind; readonly target: string }[];
}

const requireModerator = (actor: Actor) => {
  if (!actor.moderator) throw new UserError('web.not-moderator', 'Only Q&A moderators can change the community site.');
};

/** The server's choices for its site: on/off and path, exclusions, and members' public names. */
export function createWebSettings({ sites, archive, clock }: { sites: SiteStore; archive: ArchiveStore; clock: Clock }) {
  const now = () => clock.now().toISOString();

  const chooseSlug = (guildId: string, guildName: string, wanted: string | undefined): string => {
    const slug = wanted?.trim().toLowerCase() ?? sites.byGuild(guildId)?.slug ?? siteSlugFrom(guildName);
    if (!SITE_SLUG.test(slug)) {
      throw new UserError('web.bad-slug', 'The site path takes 2–40 lowercase letters, digits and single dashes (e.g. `cto-community`).');
    }
    const owner = sites.bySlug(slug);
    if (owner && owner.guildId !== guildId) throw new UserError('web.slug-taken', `Another server already uses \`/c/${slug}\`. Choose another path with \`slug:\`.`);
    return slug;
  };

  return {
    site: (guildId: string): SiteRow | undefined => sites.byGuild(guildId),

    /** What would be (or is) public, without changing anything. */
    preview(guildId: string, guildName: string, actor: Actor, wantedSlug?: string): WebPreview {
      requireModerator(actor);
      const counts = archive.counts(guildId);
      return {
        slug: chooseSlug(guildId, guildName, wantedSlug),
        questions: counts.questions,
        entries: counts.entries,
        sampleQuestions: archive.before(guildId, Number.MAX_SAFE_INTEGER, 5),
        sampleEntries: archive.newestEntries(guildId, 5).map(({ id, title }) => ({ id, title })),
        excluded: sites.exclusions(guildId),
      };
    },

    /** Publishes the server's site at /c/<slug>/ (its path kept, or the one given). */
    enable(guildId: string, guildName: string, actor: Actor, wantedSlug?: string): SiteRow {
      requireModerator(actor);
      const slug = chooseSlug(guildId, guildName, wantedSlug);
      sites.save({ guildId, slug, title: guildName, enabled: true }, actor.userId, now());
      return sites.byGuild(guildId) as SiteRow;
    },

    /** Takes every page of the server off at once (404 from the next request); its choices are kept for next time. */
    disable(guildId: string, actor: Actor): boolean {
      requireModerator(actor);
      const site = sites.byGuild(guildId);
      if (!site?.enabled) return false;
      sites.save({ ...site, enabled: false }, actor.userId, now());
      return true;
    },

    /** Keeps a question (by number) or an entry (by id) off the site; true when it was on it before. */
    exclude(guildId: string, actor: Actor, kind: ExclusionKind, target: string): boolean {
      requireModerator(actor);
      if (kind === 'question' && !archive.question(guildId, Number(target))) throw new UserError('web.unknown-question', `There is no question #${target} in this server.`);
      if (kind === 'entry' && !archive.entry(guildId, target) && sites.excludedAt(guildId, 'entry', target) === null) {
        throw new UserError('web.unknown-entry', `This server has no knowledge-base entry \`${target}\` (only its own entries are published).`);
      }
      return sites.exclude(guildId, kind, target, actor.userId, now());
    },

    include(guildId: string, actor: Actor, kind: ExclusionKind, target: string): boolean {
      requireModerator(actor);
      return sites.include(guildId, kind, target);
    },

    /** `/qa web name on|off`: the member's own choice; `name` is how they appear (their display name now). */
    setPublicName(guildId: string, userId: string, name: string | null): void {
      if (name === null) sites.hideName(guildId, userId);
      else sites.showName(guildId, userId, name.trim().slice(0, 80) || 'member', now());
    },

    publicName: (guildId: string, userId: string): string | null => sites.publicName(guildId, userId),
  };
}

