import { describe, expect, it } from 'vitest';
import { readSpelledName } from '../../../shared/conversation/offline/spelled-name';

/** A name said then spelled, as callers do on the phone: the name once, as spelled. */

describe('readSpelledName', () => {
  it.each([
    // The spelling confirms the word heard: it is dropped.
    ["Ngozi Okafor, that's O K A F O R", 'Ngozi Okafor'],
    ['Ngozi Okafor. O-K-A-F-O-R.', 'Ngozi Okafor'],
    ['Ngozi Okafor, spelled O. K. A. F. O. R.', 'Ngozi Okafor'],
    ['Ngozi Okafor, N G O Z I', 'Ngozi Okafor'],
    ["Jérôme Dupont, ça s'écrit D U P O N T", 'Jérôme Dupont'],
    // The spelling differs from the word heard: the spelling wins.
    ['Jon Smith, S M Y T H', 'Jon Smyth'],
    ["Ngozi Okafor, that's O K A F F O R", 'Ngozi Okaffor'],
    // Spelled alone, it is the name.
    ['J O E', 'Joe'],
  ])('"%s" is "%s"', (text, name) => {
    expect(readSpelledName(text)).toBe(name);
  });

  it.each([
    'Ngozi Okafor',
    'John F. Kennedy',
    'J. R. R. Tolkien',
    // Nothing like the last word: initials, not its spelling. Kept as said rather than guessed.
    'Tolkien, J R R',
  ])('leaves "%s" as said', (text) => {
    expect(readSpelledName(text)).toBe(text);
  });
});
