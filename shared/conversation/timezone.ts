import { formatOffset, offsetMinutesAt } from './wall-clock';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { getOrMake, memoizeString } from '../domain/memo';

/**
 * The caller's time zone, guessed from their phone number, so the bot can say "tomorrow morning" and
 * store "2026-11-23T14:30:00+01:00" in the caller's own time. The country comes from libphonenumber; a
 * country spanning several zones is refined by its area code where that is simple (North America,
 * Brazil, Australia, Mexico, Russia, the Atlantic islands of Spain and Portugal), else it gets its
 * capital's zone. A mobile number says nothing about where its owner is: it gets the capital's zone too.
 * Unknown or non-geographic numbers (+800, +882...) get UTC.
 */

/** The main (capital's) zone of the most common countries, by ISO 3166-1 alpha-2 code. */
export const COUNTRY_ZONES: Readonly<Record<string, string>> = {
  // Americas
  US: 'America/New_York',
  CA: 'America/Toronto',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  CO: 'America/Bogota',
  PE: 'America/Lima',
  VE: 'America/Caracas',
  EC: 'America/Guayaquil',
  UY: 'America/Montevideo',
  PY: 'America/Asuncion',
  BO: 'America/La_Paz',
  CR: 'America/Costa_Rica',
  PA: 'America/Panama',
  GT: 'America/Guatemala',
  DO: 'America/Santo_Domingo',
  PR: 'America/Puerto_Rico',
  CU: 'America/Havana',
  JM: 'America/Jamaica',
  HT: 'America/Port-au-Prince',
  // Europe
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  FR: 'Europe/Paris',
  DE: 'Europe/Berlin',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
  LU: 'Europe/Luxembourg',
  CH: 'Europe/Zurich',
  AT: 'Europe/Vienna',
  MC: 'Europe/Monaco',
  DK: 'Europe/Copenhagen',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  FI: 'Europe/Helsinki',
  IS: 'Atlantic/Reykjavik',
  PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague',
  SK: 'Europe/Bratislava',
  HU: 'Europe/Budapest',
  RO: 'Europe/Bucharest',
  BG: 'Europe/Sofia',
  GR: 'Europe/Athens',
  HR: 'Europe/Zagreb',
  SI: 'Europe/Ljubljana',
  RS: 'Europe/Belgrade',
  UA: 'Europe/Kyiv',
  RU: 'Europe/Moscow',
  TR: 'Europe/Istanbul',
  EE: 'Europe/Tallinn',
  LV: 'Europe/Riga',
  LT: 'Europe/Vilnius',
  MT: 'Europe/Malta',
  CY: 'Asia/Nicosia',
  // Africa
  MA: 'Africa/Casablanca',
  DZ: 'Africa/Algiers',
  TN: 'Africa/Tunis',
  EG: 'Africa/Cairo',
  NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi',
  ZA: 'Africa/Johannesburg',
  SN: 'Africa/Dakar',
  CI: 'Africa/Abidjan',
  GH: 'Africa/Accra',
  CM: 'Africa/Douala',
  ET: 'Africa/Addis_Ababa',
  // Middle East and Asia
  IL: 'Asia/Jerusalem',
  SA: 'Asia/Riyadh',
  AE: 'Asia/Dubai',
  QA: 'Asia/Qatar',
  KW: 'Asia/Kuwait',
  LB: 'Asia/Beirut',
  JO: 'Asia/Amman',
  IR: 'Asia/Tehran',
  PK: 'Asia/Karachi',
  IN: 'Asia/Kolkata',
  BD: 'Asia/Dhaka',
  LK: 'Asia/Colombo',
  NP: 'Asia/Kathmandu',
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  TW: 'Asia/Taipei',
  JP: 'Asia/Tokyo',
  KR: 'Asia/Seoul',
  SG: 'Asia/Singapore',
  MY: 'Asia/Kuala_Lumpur',
  TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh',
  PH: 'Asia/Manila',
  ID: 'Asia/Jakarta',
  KZ: 'Asia/Almaty',
  // Oceania
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
  // French overseas departments and territories (their own country codes in libphonenumber)
  RE: 'Indian/Reunion',
  GP: 'America/Guadeloupe',
  MQ: 'America/Martinique',
  GF: 'America/Cayenne',
  NC: 'Pacific/Noumea',
  PF: 'Pacific/Tahiti',
};

/** Area codes by zone, expanded below into a lookup table. */
function byZone(groups: Record<string, string>): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  for (const [zone, codes] of Object.entries(groups)) {
    for (const code of codes.split(/\s+/).filter(Boolean)) table.set(code, zone);
  }
  return table;
}

/**
 * US and Canadian area codes of the common, single-zone areas. Codes split between two zones (the
 * Florida panhandle, west Kansas, the territories...) are left out: they get the country's zone.
 */
const NANP_AREA_CODES = byZone({
  'America/New_York': `
    201 202 203 207 212 215 216 220 223 229 234 239 240 252 260 267 272 276 283 301 302 304 305 315 317
    321 326 330 332 336 339 347 351 352 380 386 401 404 407 410 412 413 419 423 434 440 443 445 463 470
    475 478 484 502 508 513 516 518 540 551 561 567 570 571 574 582 585 603 607 609 610 614 617 631 640
    646 656 667 678 680 681 689 703 704 706 716 717 718 724 727 732 740 743 754 757 762 765 770 771 772
    774 781 786 802 803 804 813 814 826 828 835 838 839 843 845 848 854 856 857 859 860 862 863 864 865
    878 904 908 910 912 914 917 919 929 934 937 941 943 948 954 959 973 978 980 984`,
  'America/Detroit': '231 248 269 313 517 586 616 679 734 810 947 989',
  'America/Chicago': `
    205 210 214 217 218 219 224 225 228 251 254 256 262 270 274 281 309 312 314 316 318 319 320 331 334
    337 346 361 364 402 405 409 414 417 430 447 464 469 479 501 504 507 512 515 531 534 539 557 563 572
    573 580 601 608 612 615 618 620 629 630 636 641 651 659 660 662 682 701 708 712 713 715 726 730 731
    737 763 769 773 779 785 806 815 816 817 830 832 847 870 872 901 903 913 918 920 931 936 938 940 945
    952 956 972 979 985`,
  'America/Denver': '303 307 385 406 435 505 575 719 720 801 915 970 983',
  'America/Boise': '208 986',
  'America/Phoenix': '480 520 602 623 928',
  'America/Los_Angeles': `
    206 209 213 253 279 310 323 341 350 360 408 415 424 425 442 458 503 509 510 530 541 559 562 564 619
    626 628 650 657 661 669 702 707 714 725 747 760 775 805 818 820 831 840 858 909 916 925 949 951 971`,
  'America/Anchorage': '907',
  'Pacific/Honolulu': '808',
  'America/Toronto': `
    226 249 263 289 343 354 365 367 382 416 418 437 438 450 468 514 519 548 579 581 613 647 683 705 742
    753 807 819 873 905`,
  'America/Halifax': '428 506 782 902',
  'America/St_Johns': '709 879',
  'America/Winnipeg': '204 431 584',
  'America/Regina': '306 474 639',
  'America/Edmonton': '368 403 587 780 825',
  'America/Vancouver': '236 250 257 604 672 778',
});

/** Brazilian area codes (DDD, two digits) outside Brasília time. */
const BRAZIL_AREA_CODES = byZone({
  'America/Araguaina': '63',
  'America/Cuiaba': '65 66',
  'America/Campo_Grande': '67',
  'America/Rio_Branco': '68',
  'America/Porto_Velho': '69',
  'America/Bahia': '71 73 74 75 77',
  'America/Maceio': '79 82',
  'America/Recife': '81 87',
  'America/Fortaleza': '83 84 85 86 88 89 98 99',
  'America/Belem': '91 94 96',
  'America/Santarem': '93',
  'America/Manaus': '92 97',
  'America/Boa_Vista': '95',
});

/** Leading digits of Australian landline numbers (the area code and the exchange). */
const AUSTRALIA_PREFIXES = byZone({
  'Australia/Sydney': '2',
  'Australia/Melbourne': '3',
  'Australia/Brisbane': '7',
  'Australia/Adelaide': '87 88',
  'Australia/Darwin': '889',
  'Australia/Perth': '86 89',
});

/** Mexican area codes outside Mexico City's zone. */
const MEXICO_PREFIXES = byZone({
  'America/Tijuana': '664 665 686',
  'America/Hermosillo': '662',
  'America/Mazatlan': '669',
  'America/Chihuahua': '614',
  'America/Ciudad_Juarez': '656',
  'America/Cancun': '998 984',
  'America/Monterrey': '81',
});

/** Russian area codes of the largest cities outside Moscow time. */
const RUSSIA_PREFIXES = byZone({
  'Europe/Kaliningrad': '4012',
  'Europe/Samara': '846',
  'Asia/Yekaterinburg': '343 351',
  'Asia/Omsk': '381',
  'Asia/Novosibirsk': '383',
  'Asia/Krasnoyarsk': '391',
  'Asia/Irkutsk': '395',
  'Asia/Vladivostok': '423',
});

/** The Canary Islands, the Azores and Madeira. */
const SPAIN_PREFIXES = byZone({ 'Atlantic/Canary': '822 828 922 928' });
const PORTUGAL_PREFIXES = byZone({ 'Atlantic/Azores': '292 295 296', 'Atlantic/Madeira': '291' });

/** Every zone this module can answer, for checking them against Intl. */
export function mappedTimeZones(): string[] {
  const regional = [
    NANP_AREA_CODES,
    BRAZIL_AREA_CODES,
    AUSTRALIA_PREFIXES,
    MEXICO_PREFIXES,
    RUSSIA_PREFIXES,
    SPAIN_PREFIXES,
    PORTUGAL_PREFIXES,
  ].flatMap((table) => [...table.values()]);
  return [...new Set([...Object.values(COUNTRY_ZONES), ...regional, 'UTC'])];
}

/** The zone of the longest prefix of `digits` found in `table`. */
function longestPrefix(table: ReadonlyMap<string, string>, digits: string): string | undefined {
  for (let length = Math.min(digits.length, 4); length > 0; length--) {
    const zone = table.get(digits.slice(0, length));
    if (zone) return zone;
  }
  return undefined;
}

const REGIONAL: Readonly<Record<string, (national: string) => string | undefined>> = {
  US: (n) => NANP_AREA_CODES.get(n.slice(0, 3)),
  CA: (n) => NANP_AREA_CODES.get(n.slice(0, 3)),
  BR: (n) => BRAZIL_AREA_CODES.get(n.slice(0, 2)),
  AU: (n) => longestPrefix(AUSTRALIA_PREFIXES, n),
  MX: (n) => longestPrefix(MEXICO_PREFIXES, n),
  RU: (n) => longestPrefix(RUSSIA_PREFIXES, n),
  ES: (n) => longestPrefix(SPAIN_PREFIXES, n),
  PT: (n) => longestPrefix(PORTUGAL_PREFIXES, n),
};

/** The caller's IANA time zone from their phone number in E.164 ("+33612345678" → "Europe/Paris"). */
export const timeZoneForPhone: (e164: string) => string = memoizeString(zoneOfPhone);

function zoneOfPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164.trim());
  if (!parsed) return 'UTC';
  const national = String(parsed.nationalNumber);
  // A number libphonenumber cannot place (e.g. an unassigned +1 area code) still has its area code.
  const country = parsed.country ?? (parsed.countryCallingCode === '1' ? 'US' : undefined);
  if (!country) return 'UTC';
  return REGIONAL[country]?.(national) ?? COUNTRY_ZONES[country] ?? 'UTC';
}

/**
 * Intl formatters are costly to build (a third of a turn's own time, measured) and immutable once
 * built: one per (locale, options) for the life of the process.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let built = formatters.get(key);
  if (!built) {
    built = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, built);
  }
  return built;
}

const knownZones = new Map<string, boolean>();
/** Whether Intl knows the zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  let known = knownZones.get(timeZone);
  if (known === undefined) {
    try {
      formatter('en', { timeZone });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(timeZone, known);
  }
  return known;
}

/** `timeZone` when Intl knows it, else UTC: an unknown zone is shown in UTC rather than failing the call. */
export function knownZoneOrUtc(timeZone: string): string {
  return isKnownTimeZone(timeZone) ? timeZone : 'UTC';
}

/** A locale Intl accepts: `locale` itself, else British English (asking Intl costs ~10 µs a time). */
const safeLocale = memoizeString(supportedLocale, 100);

function supportedLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? 'en-GB';
  } catch {
    return 'en-GB';
  }
}

/**
 * The prompt is rebuilt on every turn of every call, but its clock shows only minutes: each text is
 * kept for the minute it was made in (Intl costs ~4 µs a format in a loop and ~40 µs with a busy
 * host's cold caches). Every zone in use since 1972 is offset from UTC by whole minutes, so one UTC
 * minute is one minute on the caller's clock too.
 */
const sameMinute = new Map<string, string>();
function forTheMinute(now: Date, key: string, make: () => string): string {
  return getOrMake(sameMinute, `${Math.floor(now.getTime() / 60_000)}|${key}`, make, 500);
}

/**
 * The date and time on the caller's clock, for the prompt: "Monday, 23 November 2026, 23:05
 * (Europe/Paris)" (the date as the locale writes it; the time always on 24 hours, so there is no
 * a.m./p.m. to misread). An unknown zone is shown in UTC rather than failing the call.
 */
export function formatLocalDateTime(now: Date, timeZone: string, locale: string): string {
  return forTheMinute(now, `date|${timeZone}|${locale}`, () => formatNow(now, timeZone, locale));
}

function formatNow(now: Date, timeZone: string, locale: string): string {
  const zone = knownZoneOrUtc(timeZone);
  const lang = safeLocale(locale);
  const date = formatter(lang, {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(now);
  const time = formatter(lang, {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return `${date}, ${time} (${zone})`;
}

/** The zone's offset from UTC at that instant, "+01:00" in a Paris winter, "+02:00" in its summer. */
export function utcOffset(now: Date, timeZone: string): string {
  return forTheMinute(now, `offset|${timeZone}`, () =>
    formatOffset(offsetMinutesAt(now.getTime(), knownZoneOrUtc(timeZone))),
  );
}
