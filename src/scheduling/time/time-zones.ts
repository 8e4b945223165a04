import { IANAZone } from 'luxon';
import { buildZoneDirectory, countryNickname, loadBigCities, normalisePlaceName, placeName, usualMeaning, type BigCity } from './zone-directory.js';

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

type ZoneLookup = { readonly zone: string } | { readonly zone: null; readonly suggestions: readonly string[] };

const DIRECTORY = buildZoneDirectory(ZONES);
/** Zones with their own facts (not those only sharing another zone's clock). */
const DIRECTORY_LIST = [...DIRECTORY.values()].filter((facts) => facts.label !== null);

let bigCities: ReadonlyMap<string, readonly BigCity[]> | undefined;
let zonePopulations: ReadonlyMap<string, number> | undefined;
/** Loaded on first use: most processes never search a zone. */
function citiesByName(): ReadonlyMap<string, readonly BigCity[]> {
  bigCities ??= loadBigCities((zone) => BY_LOWER.get((CURRENT_NAMES[zone] ?? zone).toLowerCase()));
  return bigCities;
}
/** People living in a zone's big cities: which of several equally good matches most members mean. */
function populationOf(zone: string): number {
  if (!zonePopulations) {
    const totals = new Map<string, number>();
    for (const city of new Set([...citiesByName().values()].flat())) totals.set(city.zone, (totals.get(city.zone) ?? 0) + city.population);
    zonePopulations = totals;
  }
  return zonePopulations.get(zone) ?? 0;
}

/**
 * Resolves what a member typed to a zone: a zone name (any case, old aliases such as Asia/Calcutta),
 * an abbreviation (PST, IST — the usual meaning when several zones share it), a city, the zone's name
 * in words ("India Time") or a country with one zone. Otherwise up to 5 suggestions.
 */
export function resolveTimeZone(input: string): ZoneLookup {
  const typed = input.trim().replace(/\s+/g, '_');
  const listed = BY_LOWER.get(typed.toLowerCase());
  if (listed) return { zone: listed };
  if (typed.includes('/') && IANAZone.isValidZone(typed)) return { zone: typed };
  const named = zoneNamedBy(input);
  if (named) return { zone: named };
  return { zone: null, suggestions: searchTimeZones(input, 5) };
}

/** The one zone an abbreviation, city, zone label or country names; undefined when none or several. */
function zoneNamedBy(input: string): string | undefined {
  const typed = placeName(normalisePlaceName(input));
  return zoneAbbreviated(input.trim().toUpperCase()) ?? citiesByName().get(typed)?.[0]?.zone ?? zoneOfCity(typed) ?? zoneLabelled(typed) ?? zoneOfCountry(typed);
}

function zoneAbbreviated(abbreviation: string): string | undefined {
  const zones = ZONES.filter((zone) => DIRECTORY.get(zone)?.abbreviations.includes(abbreviation));
  const usual = usualMeaning(abbreviation);
  if (usual && zones.includes(usual)) return usual;
  return zones.length === 1 ? zones[0] : undefined;
}

function zoneOfCity(typed: string): string | undefined {
  const zones = DIRECTORY_LIST.filter((facts) => facts.cities.some((name) => normalisePlaceName(name) === typed));
  return zones.length === 1 ? zones[0]?.zone : undefined;
}

function zoneLabelled(typed: string): string | undefined {
  const zones = DIRECTORY_LIST.filter((facts) => facts.label !== null && normalisePlaceName(facts.label) === typed);
  // "Pacific Time" names three zones; the one its abbreviation usually means is the answer.
  const usual = zones.find((facts) => facts.abbreviations.some((name) => usualMeaning(name) === facts.zone));
  return (usual ?? (zones.length === 1 ? zones[0] : undefined))?.zone;
}

function zoneOfCountry(typed: string): string | undefined {
  const code = countryNickname(typed);
  const zones = DIRECTORY_LIST.filter((facts) => facts.country !== null && (normalisePlaceName(facts.country) === typed || facts.countryCode === code));
  return mostPeopleIn(zones.map((facts) => facts.zone));
}

/** The zone where nearly everyone of a country lives (New Zealand, China), not one of several (US). */
function mostPeopleIn(zones: readonly string[]): string | undefined {
  const total = zones.reduce((sum, zone) => sum + populationOf(zone), 0);
  const biggest = [...zones].sort((a, b) => populationOf(b) - populationOf(a))[0];
  if (zones.length === 1) return biggest;
  return biggest && total > 0 && populationOf(biggest) / total >= 0.8 ? biggest : undefined;
}

/**
 * Zones for autocomplete and suggestions, best first: abbreviations, then cities, zone labels and
 * countries typed in full, then names, cities and countries starting with every typed word.
 */
export function searchTimeZones(query: string, limit = 25): string[] {
  const typed = placeName(normalisePlaceName(query));
  const words = typed.split(' ').filter(Boolean);
  if (words.length === 0) return ZONES.filter((zone) => POPULAR.has(zone)).slice(0, limit);
  const cityScores = bigCityScores(typed);
  const scored = ZONES.map((zone) => ({ zone, score: Math.max(searchScore(zone, query, typed, words), cityScores.get(zone) ?? 0) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || populationOf(b.zone) - populationOf(a.zone) || a.zone.localeCompare(b.zone));
  if (scored.length > 0) return scored.slice(0, limit).map((entry) => entry.zone);
  // Nothing matches the words: a typo. Compare whole names when a region was typed, else cities.
  const compact = query.trim().toLowerCase().replace(/\s+/g, '_');
  const comparable = (zone: string) => (compact.includes('/') ? zone.toLowerCase() : cityOf(zone));
  return ZONES.map((zone) => ({ zone, cost: distance(comparable(zone), compact) }))
    .sort((a, b) => a.cost - b.cost || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map((entry) => entry.zone);
}

/** An autocomplete label: the zone and what it is called, e.g. "America/Los_Angeles · Pacific Time (Los Angeles, San Diego)". */
function describeTimeZone(zone: string): string {
  const facts = DIRECTORY.get(zone);
  if (!facts?.label) return zone;
  const cities = facts.cities.filter((city) => normalisePlaceName(city) !== normalisePlaceName(cityOf(zone))).slice(0, 2);
  const described = `${zone} · ${facts.label}${cities.length > 0 ? ` (${cities.join(', ')})` : ''}`;
  return described.length <= 100 ? described : zone;
}

/** Zones of the big cities named `typed` (950, biggest first) or starting with it (400, by size). */
function bigCityScores(typed: string): Map<string, number> {
  const scores = new Map<string, number>();
  const raise = (zone: string, score: number) => scores.set(zone, Math.max(scores.get(zone) ?? 0, score));
  citiesByName()
    .get(typed)
    ?.forEach((city, rank) => raise(city.zone, 950 - rank));
  if (typed.length >= 3) {
    const starting = [...citiesByName()].filter(([name]) => name.startsWith(typed)).flatMap(([, cities]) => cities);
    starting.sort((a, b) => b.population - a.population).forEach((city, rank) => raise(city.zone, 400 - Math.min(rank, 99)));
  }
  return scores;
}

function searchScore(zone: string, query: string, typed: string, words: readonly string[]): number {
  const facts = DIRECTORY.get(zone);
  if (!facts) return 0;
  const primary = facts.label !== null ? 5 : 0;
  if (facts.abbreviations.includes(query.trim().toUpperCase())) return 1000 + (usualMeaning(query.trim()) === zone ? 50 : 0) + primary;
  const cities = facts.cities.map(normalisePlaceName);
  if (cities.includes(typed)) return 900 + primary;
  const label = facts.label ? normalisePlaceName(facts.label) : null;
  if (label === typed) return 850;
  const country = facts.country ? normalisePlaceName(facts.country) : null;
  if (country === typed || (facts.countryCode !== null && facts.countryCode === countryNickname(typed))) return 800;
  const name = normalisePlaceName(zone);
  const places = [...cities, label ?? '', country ?? '', name].join(' ').split(' ');
  const startsPlaces = words.every((word) => places.some((place) => place.startsWith(word)));
  const inName = words.every((word) => name.includes(word));
  if (!startsPlaces && !inName) return 0;
  // The zone's own name containing the words outranks a country that merely starts with them.
  let score = inName ? 250 + matchScore(zone.toLowerCase(), words) : 0;
  if (cities.some((city) => city.startsWith(typed))) score += 300;
  else if (country?.startsWith(typed)) score += 200;
  else if (label?.startsWith(typed)) score += 150;
  else if (startsPlaces) score += 100;
  return score + primary;
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

/** Autocomplete choices for a time zone option: each zone with what it is called, best first. */
export function timeZoneChoices(typed: string): { name: string; value: string }[] {
  return searchTimeZones(typed).map((zone) => ({ name: describeTimeZone(zone), value: zone }));
}
