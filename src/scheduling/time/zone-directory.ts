import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rawTimeZones } from '@vvo/tzdb';
import { z } from 'zod';

/**
 * What members call a zone besides its IANA name — abbreviations (PST, IST), the zone's name in
 * words ("Pacific Time"), its country and its big cities — from @vvo/tzdb, which is regenerated
 * from GeoNames and the IANA database on every release, so none of it is a hand-kept list.
 */
interface ZoneFacts {
  readonly zone: string;
  /** Upper case: the standard and daylight abbreviations, and the generic one (PT for PST/PDT). */
  readonly abbreviations: readonly string[];
  /** e.g. "Pacific Time"; null for zones that only share another zone's facts. */
  readonly label: string | null;
  readonly country: string | null;
  readonly countryCode: string | null;
  readonly cities: readonly string[];
}

/**
 * Abbreviations several zones share: the zone most members mean by them. Zones sharing one keep the
 * same clock in all but a few places, so this picks a name, rarely a time; the others stay offered.
 */
const USUAL_MEANING: Readonly<Record<string, string>> = {
  PT: 'America/Los_Angeles',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MT: 'America/Denver',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  CT: 'America/Chicago',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  ET: 'America/New_York',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  AT: 'America/Halifax',
  AST: 'America/Halifax',
  ADT: 'America/Halifax',
  HST: 'Pacific/Honolulu',
  GMT: 'Europe/London',
  BST: 'Europe/London',
  IST: 'Asia/Kolkata',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  GST: 'Asia/Dubai',
  ICT: 'Asia/Bangkok',
  KST: 'Asia/Seoul',
  AET: 'Australia/Sydney',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  ACST: 'Australia/Adelaide',
  AWST: 'Australia/Perth',
  NZT: 'Pacific/Auckland',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
  SAST: 'Africa/Johannesburg',
  EAT: 'Africa/Nairobi',
  WAT: 'Africa/Lagos',
  CAT: 'Africa/Maputo',
  SST: 'Pacific/Pago_Pago',
  CLT: 'America/Santiago',
};

/** Everyday names of countries that differ from their official short name. */
const COUNTRY_NICKNAMES: Readonly<Record<string, string>> = {
  usa: 'US',
  uk: 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  holland: 'NL',
  uae: 'AE',
};

/** Cities this big are found by name; smaller ones share a name too often (and cost memory). */
const CITY_MIN_POPULATION = 100_000;

// A few places in the data have no zone (disputed territories): skipped.
const cityRecords = z.array(z.object({ city: z.string(), city_ascii: z.string(), pop: z.number(), timezone: z.string().nullable() }));

export interface BigCity {
  readonly name: string;
  readonly zone: string;
  readonly population: number;
}

/**
 * Cities of at least 100,000 people (Natural Earth's populated places, via city-timezones), each
 * under its local and ASCII name, biggest first so a name several share ("Sydney") means the biggest.
 * `canonical` maps the data's zone names to the ones members are offered (Asia/Calcutta → Asia/Kolkata).
 */
export function loadBigCities(canonical: (zone: string) => string | undefined): ReadonlyMap<string, readonly BigCity[]> {
  // Read rather than imported: the file is 2 MB and only the big cities are kept after parsing.
  const file = createRequire(import.meta.url).resolve('city-timezones/data/cityMap.json');
  const records = cityRecords.parse(JSON.parse(readFileSync(file, 'utf8')));
  const byName = new Map<string, BigCity[]>();
  for (const record of records.filter((entry) => entry.pop >= CITY_MIN_POPULATION).sort((a, b) => b.pop - a.pop)) {
    const zone = record.timezone ? canonical(record.timezone) : undefined;
    if (!zone) continue;
    for (const name of new Set([normalisePlaceName(record.city), normalisePlaceName(record.city_ascii)])) {
      const list = byName.get(name) ?? [];
      list.push({ name: record.city, zone, population: record.pop });
      byName.set(name, list);
    }
  }
  return byName;
}

/** Everyday and former names of places, as members type them. */
const PLACE_NICKNAMES: Readonly<Record<string, string>> = {
  nyc: 'new york',
  la: 'los angeles',
  sf: 'san francisco',
  'bay area': 'san francisco',
  dc: 'washington',
  bangalore: 'bengaluru',
  bombay: 'mumbai',
  calcutta: 'kolkata',
  madras: 'chennai',
  kiev: 'kyiv',
  peking: 'beijing',
  saigon: 'ho chi minh city',
  nz: 'new zealand',
};

/** Lower case, no accents, `_`/`/`/`-` as spaces: how typed text and names are compared. */
export function normalisePlaceName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function genericAbbreviation(standard: string, daylight: string | undefined): string | null {
  // PST/PDT → PT: the same letters with the S/D dropped.
  if (!daylight || standard.length < 3 || standard.length !== daylight.length) return null;
  const cut = standard.length - 2;
  const same = standard.slice(0, cut) === daylight.slice(0, cut) && standard.slice(cut + 1) === daylight.slice(cut + 1);
  return same && standard[cut] === 'S' && daylight[cut] === 'D' ? standard.slice(0, cut) + standard.slice(cut + 1) : null;
}

/** `America/New_York` → `New York`. */
function cityInName(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ');
}

function factsOf(record: (typeof rawTimeZones)[number], zone: string): ZoneFacts {
  const abbreviations = [record.abbreviation, record.dstAbbreviation, genericAbbreviation(record.abbreviation, record.dstAbbreviation)]
    .filter((abbreviation): abbreviation is string => Boolean(abbreviation) && !/^GMT[+-]/.test(abbreviation as string))
    .map((abbreviation) => abbreviation.toUpperCase());
  const ownCity = cityInName(zone);
  if (zone !== record.name) {
    // Another zone of the group (Europe/Busingen beside Europe/Zurich): its clock, its own city only.
    return { zone, abbreviations, label: null, country: null, countryCode: null, cities: [ownCity] };
  }
  return {
    zone,
    abbreviations,
    label: record.alternativeName,
    country: record.countryName,
    countryCode: record.countryCode,
    cities: [...new Set([ownCity, ...record.mainCities])],
  };
}

/** Facts for each zone name in `zones` (zones the data set does not know get their city only). */
export function buildZoneDirectory(zones: readonly string[]): ReadonlyMap<string, ZoneFacts> {
  const recordOf = new Map(rawTimeZones.flatMap((record) => record.group.map((name) => [name, record] as const)));
  const directory = new Map<string, ZoneFacts>();
  for (const zone of zones) {
    const record = recordOf.get(zone);
    directory.set(zone, record ? factsOf(record, zone) : { zone, abbreviations: [], label: null, country: null, countryCode: null, cities: [cityInName(zone)] });
  }
  return directory;
}

/** The zone an abbreviation usually means, when several share it. */
export function usualMeaning(abbreviation: string): string | undefined {
  return USUAL_MEANING[abbreviation.toUpperCase()];
}

/** What an everyday or former place name stands for ("nyc" → "new york"), else the name itself. */
export function placeName(typed: string): string {
  return PLACE_NICKNAMES[typed] ?? typed;
}

/** ISO code of a country typed by an everyday name ("uk", "usa"); undefined when not one. */
export function countryNickname(typed: string): string | undefined {
  return COUNTRY_NICKNAMES[typed];
}
