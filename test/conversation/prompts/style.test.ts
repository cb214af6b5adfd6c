import { describe, expect, it } from 'vitest';
import { parseStyle, type SpokenStyle } from '../../../shared/conversation/style';

describe('parseStyle', () => {
  it.each<[string, SpokenStyle, SpokenStyle, string]>([
    // sentence, current style, expected style, expected text
    ['[style=cheerful] Great news!', 'none', 'cheerful', 'Great news!'],
    ['[style=sad] I am so sorry to hear that.', 'cheerful', 'sad', 'I am so sorry to hear that.'],
    ['[style=none] Let us continue.', 'sad', 'none', 'Let us continue.'],
    ['[cheerful] Wonderful.', 'none', 'cheerful', 'Wonderful.'],
    ['[ Style = SAD ]That is hard.', 'none', 'sad', 'That is hard.'],
    ['[STYLE:Cheerful] Done!', 'none', 'cheerful', 'Done!'],
    ['[style=angry] Calm down.', 'cheerful', 'none', 'Calm down.'],
    // No tag: the style carries over.
    ['And the second sentence.', 'cheerful', 'cheerful', 'And the second sentence.'],
    ['Nothing special.', 'none', 'none', 'Nothing special.'],
    // A tag alone (the model put a line break after it): nothing to say, the style for what follows.
    ['[style=sad]', 'none', 'sad', ''],
    // Other bracketed tags are dropped, the style carries over.
    ['[laughs] That is funny.', 'cheerful', 'cheerful', 'That is funny.'],
    ['Your file is ready [1].', 'none', 'none', 'Your file is ready.'],
    // The first style tag wins; all are removed.
    ['[style=sad] Sorry. [style=cheerful]', 'none', 'sad', 'Sorry.'],
    // Markdown the voice would read aloud.
    ['**Good news**: your claim is *open*.', 'none', 'none', 'Good news: your claim is open.'],
    ['## Summary', 'none', 'none', 'Summary'],
    ['- First, your name.', 'none', 'none', 'First, your name.'],
    ['* Then your address.', 'none', 'none', 'Then your address.'],
    ['Your code is `AB-12`.', 'none', 'none', 'Your code is AB-12.'],
    ['> Quoted line', 'none', 'none', 'Quoted line'],
    ['See [our website](https://example.com/help) for more.', 'none', 'none', 'See our website for more.'],
    ['__Important__ ~~not~~ this.', 'none', 'none', 'Important not this.'],
    ['Thank you! 😊', 'none', 'none', 'Thank you!'],
    ['[style=cheerful] **Perfect** 👍.', 'none', 'cheerful', 'Perfect.'],
    // What must survive: words with underscores, dashes inside a sentence, number signs, French spacing.
    ['The policy_number field is set.', 'none', 'none', 'The policy_number field is set.'],
    ['It is 10 - 12 degrees, ticket #123.', 'none', 'none', 'It is 10 - 12 degrees, ticket #123.'],
    ['Bonjour ! Comment allez-vous ?', 'none', 'none', 'Bonjour ! Comment allez-vous ?'],
  ])('%j (current %s) → %s %j', (sentence, current, style, text) => {
    expect(parseStyle(sentence, current)).toEqual({ style, text });
  });

  it('carries the style along a stream of sentences', () => {
    const sentences = [
      '[style=sad] I am sorry.',
      'That must be hard.',
      '[style=cheerful] But good news!',
      'Done.',
    ];
    let style: SpokenStyle = 'none';
    const styles = sentences.map((sentence) => {
      style = parseStyle(sentence, style).style;
      return style;
    });
    expect(styles).toEqual(['sad', 'sad', 'cheerful', 'cheerful']);
  });
});
