import { describe, expect, it } from 'vitest';
import { extractCorrection } from '../../../shared/conversation/offline/extract-correction';

describe('extractCorrection', () => {
  const cases: [string, string][] = [
    // A correction word, then the subject, then the value.
    ['no, my email is john at example dot com', 'john at example dot com'],
    ['No, my e-mail address is john at example dot com', 'john at example dot com'],
    ['sorry, I meant March 4th', 'March 4th'],
    ["actually it's 06 12 34 56 79", '06 12 34 56 79'],
    ['no no no, the date was yesterday', 'yesterday'],
    ['oh, sorry, my phone number is oh six', 'oh six'],
    ['my mistake, it should be the 5th', 'the 5th'],
    ["non, c'est le 4 mars", 'le 4 mars'],
    ['Non, c’est Jérôme Dupont', 'Jérôme Dupont'],
    ["euh, en fait mon numéro c'est le 06 12 34 56 78", 'le 06 12 34 56 78'],
    ['je voulais dire le 5 mars', 'le 5 mars'],
    ["pardon, l'adresse c'est jean arobase free point fr", 'jean arobase free point fr'],
    // A restart in the middle: only the last version counts.
    ['06 12 34 56 78, sorry I meant 06 12 34 56 79', '06 12 34 56 79'],
    ['yesterday, no wait, the day before', 'the day before'],
    ['john at gmail, scratch that, john at hotmail dot com', 'john at hotmail dot com'],
    ['le 3 mars, non pardon, le 4 mars', 'le 4 mars'],
    // "not this but that"
    ["no, it's not John, it's Joan", 'Joan'],
    ["ce n'est pas Dupont, c'est Dupond", 'Dupond'],
    ['not the 3rd but the 4th', 'the 4th'],
    ["c'est pas ça, c'est le 06 12 34 56 78", 'le 06 12 34 56 78'],
    // Nothing to strip: the answer is left as it is.
    ['john at gmail dot com', 'john at gmail dot com'],
    ['oh six twelve thirty four', 'oh six twelve thirty four'],
    ['my car was hit by a truck', 'my car was hit by a truck'],
    ['It was actually raining', 'It was actually raining'],
    ['my phone number is 06', 'my phone number is 06'],
    // A correction word alone is the answer itself.
    ['No.', 'No.'],
    ['  Sorry  ', 'Sorry'],
    // A trailing apology keeps what came before it.
    ['06 12 34 56 78, sorry.', '06 12 34 56 78'],
    ['No, nobody was hurt', 'nobody was hurt'],
  ];
  it.each(cases)('%s', (text, value) => {
    expect(extractCorrection(text)).toBe(value);
  });
});
