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

  const chooseSlug = async (guildId: string, guildName: string, wanted: string | undefined): Promise<string> => {
    const slug = wanted?.trim().toLowerCase() ?? (await sites.byGuild(guildId))?.slug ?? siteSlugFrom(guildName);
    if (!SITE_SLUG.test(slug)) {
      throw new UserError('web.bad-slug', 'The site path takes 2–40 lowercase letters, digits and single dashes (e.g. `cto-community`).');
    }
    const owner = await sites.bySlug(slug);
    if (owner && owner.guildId !== guildId) throw new UserError('web.slug-taken', `Another server already uses \`/c/${slug}\`. Choose another path with \`slug:\`.`);
    return slug;
  };

  return {
    site: (guildId: string): Promise<SiteRow | undefined> => sites.byGuild(guildId),

    /** What would be (or is) public, without changing anything. */
    async preview(guildId: string, guildName: string, actor: Actor, wantedSlug?: string): Promise<WebPreview> {
      requireModerator(actor);
      const counts = await archive.counts(guildId);
      return {
        slug: await chooseSlug(guildId, guildName, wantedSlug),
        questions: counts.questions,
        entries: counts.entries,
        sampleQuestions: await archive.before(guildId, null, 5),
        sampleEntries: (await archive.newestEntries(guildId, 5)).map(({ id, title }) => ({ id, title })),
        excluded: await sites.exclusions(guildId),
      };
    },

    /** Publishes the server's site at /c/<slug>/ (its path kept, or the one given). */
    async enable(guildId: string, guildName: string, actor: Actor, wantedSlug?: string): Promise<SiteRow> {
      requireModerator(actor);
      const slug = await chooseSlug(guildId, guildName, wantedSlug);
      await sites.save({ guildId, slug, title: guildName, enabled: true }, actor.userId, now());
      return (await sites.byGuild(guildId)) as SiteRow;
    },

    /** Takes every page of the server off at once (404 from the next request); its choices are kept for next time. */
    async disable(guildId: string, actor: Actor): Promise<boolean> {
      requireModerator(actor);
      const site = await sites.byGuild(guildId);
      if (!site?.enabled) return false;
      await sites.save({ ...site, enabled: false }, actor.userId, now());
      return true;
    },

    /** Keeps a question (by number) or an entry (by id) off the site; true when it was on it before. */
    async exclude(guildId: string, actor: Actor, kind: ExclusionKind, target: string): Promise<boolean> {
      requireModerator(actor);
      if (kind === 'question' && !(await archive.question(guildId, Number(target)))) throw new UserError('web.unknown-question', `There is no question #${target} in this server.`);
      if (kind === 'entry' && !(await archive.entry(guildId, target)) && (await sites.excludedAt(guildId, 'entry', target)) === null) {
        throw new UserError('web.unknown-entry', `This server has no knowledge-base entry \`${target}\` (only its own entries are published).`);
      }
      return sites.exclude(guildId, kind, target, actor.userId, now());
    },

    include(guildId: string, actor: Actor, kind: ExclusionKind, target: string): Promise<boolean> {
      requireModerator(actor);
      return sites.include(guildId, kind, target);
    },

    /** `/qa web name on|off`: the member's own choice; `name` is how they appear (their display name now). */
    async setPublicName(guildId: string, userId: string, name: string | null): Promise<void> {
      if (name === null) await sites.hideName(guildId, userId);
      else await sites.showName(guildId, userId, name.trim().slice(0, 80) || 'member', now());
    },

    publicName: (guildId: string, userId: string): Promise<string | null> => sites.publicName(guildId, userId),
  };
}

