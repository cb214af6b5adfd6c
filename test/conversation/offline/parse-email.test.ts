import { describe, expect, it } from 'vitest';
import { validateClaimValue } from '../../../shared/domain/claim';
import { parseSpokenEmail } from '../../../shared/conversation/offline/parse-email';

const HOW = 'say it like "john dot doe at example dot com"';

describe('parseSpokenEmail: understood', () => {
  const cases: [string, string][] = [
    ['john dot doe at example dot com', 'john.doe@example.com'],
    ['john.doe@example.com', 'john.doe@example.com'],
    ['John.Doe@Example.COM', 'john.doe@example.com'],
    ['john . doe @ example . com', 'john.doe@example.com'],
    ['My email is John Dot Doe at Example Dot Com.', 'john.doe@example.com'],
    ["Sure, it's john.doe@example.com, thanks!", 'john.doe@example.com'],
    ['you can reach me at john at gmail dot com', 'john@gmail.com'],
    ['j o h n underscore d o e at gmail dot com', 'john_doe@gmail.com'],
    ['J. O. H. N. at gmail dot com', 'john@gmail.com'],
    ['john hyphen doe at example dot com', 'john-doe@example.com'],
    ['john dash doe at example dot com', 'john-doe@example.com'],
    ['john at sign example dot com', 'john@example.com'],
    ['john doe at example dot co dot uk', 'johndoe@example.co.uk'],
    ['john plus claims at gmail dot com', 'john+claims@gmail.com'],
    ['john twenty three at gmail dot com', 'john23@gmail.com'],
    ['j as in juliet o h n double l at gmail dot com', 'johnll@gmail.com'],
    ['capital J o h n, all one word, at gmail dot com', 'john@gmail.com'],
    ['double u double u at example dot com', 'ww@example.com'],
    ['email john at gmail dot com', 'john@gmail.com'],
    // French: "arobase", "point", "tiret", "tiret bas", accents dropped.
    ['jean point dupont arobase orange point fr', 'jean.dupont@orange.fr'],
    ["c'est jean tiret bas dupont arobase free point fr", 'jean_dupont@free.fr'],
    ['jean tiret du six dupont arobase wanadoo point fr', 'jean-dupont@wanadoo.fr'],
    ["mon adresse mail c'est jérôme arobase laposte point net", 'jerome@laposte.net'],
    ['Mon e-mail : Marie Curie arobase sorbonne point fr, merci', 'mariecurie@sorbonne.fr'],
    // The address starts after the last "it's", "is" or ":": what comes before is the sentence around it.
    [
      "Sorry, my email address is wrong again, it's alex dot morgan 42 at outlook dot com",
      'alex.morgan42@outlook.com',
    ],
    ['the one I gave is wrong, the right one is: bob at x dot com', 'bob@x.com'],
    ["no no no, c'est jean arobase free point fr", 'jean@free.fr'],
    ['chris dot isaac at x dot com', 'chris.isaac@x.com'],
  ];
  it.each(cases)('%s', (text, email) => {
    expect(parseSpokenEmail(text)).toEqual({ ok: true, email });
  });

  it('gives values the claim accepts as they are', () => {
    for (const [text] of cases) {
      const result = parseSpokenEmail(text);
      if (!result.ok) throw new Error(`${text}: ${result.reason}`);
      expect(validateClaimValue('email', result.email)).toEqual({ ok: true, value: result.email });
    }
  });
});

describe('parseSpokenEmail: refused, with what was wrong', () => {
  const cases: [string, string][] = [
    ['john dot doe example dot com', `I heard "john.doeexample.com" but no "at" (@) in it; ${HOW}.`],
    ['john at gmail', `"john@gmail" needs an ending after "gmail", like "dot com" or "point fr".`],
    ['at gmail dot com', `I didn't hear the part before "at" in "@gmail.com".`],
    ['john at', `I didn't hear the part after "at" in "john@".`],
    ['john at doe at gmail dot com', `I heard "at" (@) 2 times in "john@doe@gmail.com"; ${HOW}.`],
    ['john dot dot doe at x dot com', `"john..doe@x.com" is not a valid e-mail address; ${HOW}.`],
    ['', `I didn't hear an e-mail address; ${HOW}.`],
    ['my email is', `I didn't hear an e-mail address; ${HOW}.`],
    // A lead-in with nothing after it before the "at" is not cut: the refusal shows what was heard.
    ["it's at gmail dot com", `I didn't hear the part before "at" in "@gmail.com".`],
  ];
  it.each(cases)('%s', (text, reason) => {
    expect(parseSpokenEmail(text)).toEqual({ ok: false, reason });
  });
});
