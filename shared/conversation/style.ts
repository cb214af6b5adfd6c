import { MESSAGE_STYLES } from '../domain/call';

/**
 * Spoken style tags. The model may start a sentence with `[style=cheerful]`, `[style=sad]` or
 * `[style=none]` to change the voice's tone; the tag is never read aloud, and the style holds for the
 * next sentences until another tag changes it. Sloppy forms are tolerated: `[cheerful]`, `[ Style: SAD ]`.
 * An explicit `[style=...]` with an unknown style resets the tone to `none`; a bare unknown tag
 * (`[laughs]`, `[pause]`) is simply dropped. Everything else a voice would read literally (Markdown
 * emphasis, headings, code, list markers, links, emoji) is stripped as well.
 */

export type SpokenStyle = (typeof MESSAGE_STYLES)[number];

export interface StyledText {
  readonly style: SpokenStyle;
  /** What to say; empty when the sentence held nothing but tags and markup. */
  readonly text: string;
}

/** The tags the prompt tells the model about. */
export const STYLE_TAGS: readonly string[] = MESSAGE_STYLES.map((style) => `[style=${style}]`);

function isStyle(value: string): value is SpokenStyle {
  return (MESSAGE_STYLES as readonly string[]).includes(value);
}

/** `[style=x]`, `[style: x]`, `[x]`, `[ X ]`: a single word, optionally named by a key. */
const TAG = /\[\s*(?:([a-z_-]+)\s*[=:]\s*)?([a-z_-]*)\s*\]/gi;

/** The sentence's style (the first style tag in it, else `currentStyle`) and its text without tags. */
export function parseStyle(sentence: string, currentStyle: SpokenStyle): StyledText {
  let style: SpokenStyle | undefined;
  const untagged = sentence.replace(
    TAG,
    (tag: string, key: string | undefined, value: string, offset: number) => {
      // A Markdown link's text ("[our website](https://...)") is not a tag: cleanMarkup keeps it.
      if (sentence[offset + tag.length] === '(') return tag;
      const name = value.toLowerCase();
      if (key === undefined) {
        if (isStyle(name)) style ??= name;
      } else if (/^(style|tone|mood|emotion)$/i.test(key)) {
        style ??= isStyle(name) ? name : 'none';
      }
      return ' ';
    },
  );
  return { style: style ?? currentStyle, text: cleanMarkup(untagged) };
}

/**
 * The text without what a voice would read literally: Markdown (emphasis, headings, code, quotes, list
 * markers, links, rules), citation marks like "[1]", and emoji. Whitespace is collapsed.
 */
export function cleanMarkup(text: string): string {
  return (
    text
      // Links: keep the words, drop the address.
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      // Citations.
      .replace(/\[\d+\]/g, ' ')
      // Code fences and inline code.
      .replace(/```[a-z]*/gi, ' ')
      .replace(/`/g, '')
      // Horizontal rules, then headings, quotes and list markers at the start of a line.
      .replace(/^\s*([-*_=])\1{2,}\s*$/gm, ' ')
      .replace(/^\s*#{1,6}\s*/gm, '')
      .replace(/^\s*>+\s*/gm, '')
      .replace(/^\s*(?:[-*+•‣▪◦–—])\s+/gm, '')
      // Emphasis: **bold**, __bold__, *italic*, ~~strike~~, then any stray marker. A single "_" is
      // kept: it belongs to words like policy_number.
      .replace(/\*+|~~|__/g, '')
      // A stray "#" ("# of items") but not a number sign ("ticket #123").
      .replace(/#+(?!\d)/g, ' ')
      .replace(/\p{Extended_Pictographic}\uFE0F?(?:\u200D\p{Extended_Pictographic}\uFE0F?)*/gu, ' ')
      .replace(/[\uFE0F\u200D]/g, '')
      .replace(/\s+/g, ' ')
      // "Hello ." left by a removed emoji or tag before the punctuation (French "Bonjour !" stays).
      .replace(/ ([.,])(?=\s|$)/g, '$1')
      .trim()
  );
}
