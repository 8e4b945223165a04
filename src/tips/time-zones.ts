import { IANAZone } from 'luxon';

/**
 * ICU lists some zones under their old names (CLDR keeps them stable); members know the current
 * IANA names, so those are offered instead when the runtime accepts them.
 */
const CURRENT_NAMES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
};

/** Zone names members can pick: the runtime's IANA list plus UTC (which Intl does not list). */
const ZONES: readonly string[] = [
  ...new Set(
    ['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => {
      const current = CURRENT_NAMES[zone];
      return current && IANAZone.isValidZone(current) ? current : zone;
    }),
  ),
].sort();
const BY_LOWER = new Map(ZONES.map((zone) => [zone.toLowerCase(), zone]));

export type ZoneLookup = { readonly zone: string } | { readonly zone: null; readonly suggestions: readonly string[] };

/**
 * Resolves what a member typed to a zone name: exact or case-insensitive list matches, then any
 * other name the runtime accepts (old aliases such as Asia/Calcutta). Otherwise up to 5 suggestions.
 */
export function resolveTimeZone(input: string): ZoneLookup {
  const typed = input.trim().replace(/\s+/g, '_');
  const listed = BY_LOWER.get(typed.toLowerCase());
  if (listed) return { zone: listed };
  if (typed.includes('/') && IANAZone.isValidZone(typed)) return { zone: typed };
  return { zone: null, suggestions: searchTimeZones(input, 5) };
}

/** Zones for autocomplete and suggestions: names containing every typed word, best first. */
export function searchTimeZones(query: string, limit = 25): string[] {
  const words = query
    .toLowerCase()
    .split(/[\s/_,-]+/)
    .filter(Boolean);
  if (words.length === 0) return ZONES.filter((zone) => POPULAR.has(zone)).slice(0, limit);
  const scored = ZONES.map((zone) => ({ zone, score: matchScore(zone.toLowerCase(), words) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.zone.localeCompare(b.zone));
  if (scored.length > 0) return scored.slice(0, limit).map((entry) => entry.zone);
  // Nothing contains the words: a typo. Compare whole names when a region was typed, else cities.
  const typed = query.trim().toLowerCase().replace(/\s+/g, '_');
  const comparable = (zone: string) => (typed.includes('/') ? zone.toLowerCase() : cityOf(zone));
  return ZONES.map((zone) => ({ zone, cost: distance(comparable(zone), typed) }))
    .sort((a, b) => a.cost - b.cost || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map((entry) => entry.zone);
}

const POPULAR = new Set([
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
]);

function matchScore(zone: string, words: readonly string[]): number {
  if (!words.every((word) => zone.includes(word))) return 0;
  const city = cityOf(zone);
  // Prefer a city that starts with the query over one that merely contains it.
  return words.reduce((score, word) => score + (city.startsWith(word) ? 3 : zone.includes(`/${word}`) ? 2 : 1), 0);
}

function cityOf(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).toLowerCase();
}

/** Levenshtein distance, small inputs only. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
