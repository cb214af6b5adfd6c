import { describe, expect, it } from 'vitest';
import type { Lang } from '../../../shared/conversation/offline-agent/phrases';
import { parseAnswer, type AnswerSetting } from '../../../shared/conversation/offline-agent/parse-answer';
import { splitStory } from '../../../shared/conversation/offline-agent/story';

/**
 * A story told in one breath, cut into when, where and what, with the real date parser: sentences
 * written for this test (not the evals' lines), several per language, and sentences that must not be
 * cut (a wrong date or place is worse than none).
 */

/** Monday 23 November 2026, 10:00 UTC. */
const NOW = new Date('2026-11-23T10:00:00Z');
const ZONES: Record<Lang, string> = {
  en: 'America/Los_Angeles',
  fr: 'Europe/Paris',
  es: 'Europe/Madrid',
  de: 'Europe/Berlin',
  it: 'Europe/Rome',
  pt: 'Europe/Lisbon',
};
const setting = (lang: Lang): AnswerSetting => ({ now: NOW, timeZone: ZONES[lang], region: undefined, lang });
const DATE = { name: 'incident_datetime', type: 'datetime', description: 'When' } as const;

interface Case {
  readonly lang: Lang;
  readonly said: string;
  /** The date the time words give, as the claim stores it (a day alone: that day, any time). */
  readonly date: string;
  /** Words the place holds; undefined: no place is cut out. */
  readonly place?: string;
  /** Words the story holds. */
  readonly story: string;
}

const STORIES: Case[] = [
  {
    lang: 'en',
    said: 'Yesterday around 5 pm a delivery truck backed into my car outside the Target on Pine Street',
    date: '2026-11-22T17:00:00-08:00',
    place: 'Target on Pine Street',
    story: 'a delivery truck backed into my car',
  },
  {
    lang: 'en',
    // 2 am in Los Angeles: "this morning at 8" has not happened yet.
    said: 'Early this morning around 1 a pipe burst in the basement of my house at 40 Maple Avenue',
    date: '2026-11-23T01:00:00-08:00',
    place: '40 Maple Avenue',
    story: 'a pipe burst',
  },
  {
    lang: 'en',
    said: 'Someone smashed my car window last Friday night near the Central Station',
    date: '2026-11-20',
    place: 'Central Station',
    story: 'Someone smashed my car window',
  },
  {
    lang: 'fr',
    said: 'Ce matin vers 8 heures un camion a percuté ma voiture devant la gare de Nantes',
    date: '2026-11-23T08:00:00+01:00',
    place: 'gare de Nantes',
    story: 'un camion a percuté ma voiture',
  },
  {
    lang: 'fr',
    said: "Avant-hier vers 21h quelqu'un a cambriolé notre appartement rue Victor Hugo à Lille",
    date: '2026-11-21T21:00:00+01:00',
    story: "quelqu'un a cambriolé notre appartement",
  },
  {
    lang: 'es',
    said: 'Ayer por la tarde sobre las cinco un coche chocó contra mi moto en la calle Alcalá de Madrid',
    date: '2026-11-22T17:00:00+01:00',
    place: 'calle Alcalá de Madrid',
    story: 'un coche chocó contra mi moto',
  },
  {
    lang: 'es',
    said: 'Anteayer a las diez de la noche entraron a robar en mi casa de Sevilla',
    date: '2026-11-21T22:00:00+01:00',
    place: 'casa de Sevilla',
    story: 'entraron a robar',
  },
  {
    lang: 'de',
    said: 'Gestern Abend gegen 19 Uhr ist in der Goethestraße 14 in München ein Auto gegen mein Fahrrad gefahren',
    date: '2026-11-22T19:00:00+01:00',
    place: 'Goethestraße 14 in München',
    story: 'ein Auto gegen mein Fahrrad gefahren',
  },
  {
    lang: 'de',
    said: 'Vorgestern Nacht wurde bei uns im Keller in der Bahnhofstraße 3 eingebrochen',
    date: '2026-11-21',
    place: 'Bahnhofstraße 3',
    story: 'eingebrochen',
  },
  {
    lang: 'it',
    said: 'Ieri pomeriggio verso le quattro qualcuno ha rigato la mia macchina nel parcheggio del centro commerciale Auchan a Roma',
    date: '2026-11-22T16:00:00+01:00',
    place: 'Auchan a Roma',
    story: 'qualcuno ha rigato la mia macchina',
  },
  {
    lang: 'it',
    said: 'Stamattina alle sette è scoppiato un tubo in cucina',
    date: '2026-11-23T07:00:00+01:00',
    story: 'scoppiato un tubo',
  },
  {
    lang: 'pt',
    said: 'Ontem à tarde por volta das três bateram no meu carro na Rua Augusta em Lisboa',
    date: '2026-11-22T15:00:00+00:00',
    place: 'Rua Augusta em Lisboa',
    story: 'bateram no meu carro',
  },
  {
    lang: 'pt',
    said: 'Anteontem de manhã alguém partiu o vidro do meu carro em frente à escola',
    date: '2026-11-21',
    story: 'alguém partiu o vidro do meu carro',
  },
];

/** Lines that are not a story told in one breath, or whose time or place must not be taken. */
const NOT_STORIES: { lang: Lang; said: string }[] = [
  { lang: 'en', said: 'It rained all night and the roof leaked' },
  { lang: 'en', said: "We're at 12 Elm Street in Redmond" },
  { lang: 'en', said: 'My wife was hurt in the accident' },
  { lang: 'en', said: "It's the supermarket car park on Rue de Rivoli" },
  { lang: 'fr', said: "J'ai prêté ma voiture à Paul et il l'a rayée" },
  { lang: 'fr', said: 'Il a plu toute la nuit' },
  { lang: 'es', said: 'Se lo presté a María ayer' },
  { lang: 'de', said: 'Guten Tag, hier ist Anna Schmidt' },
  { lang: 'de', said: 'Ich war aus Versehen in Panik' },
  { lang: 'it', said: "L'ho prestata a Marco" },
  { lang: 'pt', said: 'Emprestei o carro a João' },
];

describe('a story told in one breath', () => {
  it.each(STORIES)('$lang: "$said"', ({ lang, said, date, place, story }) => {
    const parts = splitStory(said, setting(lang));
    expect(parts).toBeDefined();
    const parsed = parseAnswer(DATE, parts?.when ?? '', setting(lang));
    expect(parsed.ok).toBe(true);
    const value = parsed.ok ? parsed.value : '';
    if (date.includes('T')) expect(value).toBe(date);
    else expect(value.slice(0, 10)).toBe(date);
    if (place) expect(parts?.where).toContain(place);
    else expect(parts?.where).toBeUndefined();
    // The story, capitalised as a sentence of its own.
    expect(parts?.what?.toLowerCase()).toContain(story.toLowerCase());
    // The time is not part of what happened.
    expect(parts?.what).not.toContain(parts?.when);
  });

  it.each(NOT_STORIES)('$lang: "$said" is not cut', ({ lang, said }) => {
    expect(splitStory(said, setting(lang))).toBeUndefined();
  });
});
