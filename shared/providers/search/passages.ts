/**
 * Cuts a document into passages for the index: a search hit should be a few paragraphs about one
 * thing, not a whole file, so that the model reads what answers the question and little else.
 * Markdown is cut at its headings, each passage titled with its heading and the ones above it
 * ("Claims › Windshield"); within a section, paragraphs are grouped up to `maxLength` characters.
 */

export interface Passage {
  readonly title: string;
  readonly content: string;
}

export interface SplitOptions {
  /** Markdown (headings, code fences, front matter) or plain text. */
  readonly markdown: boolean;
  /** The title of text outside any heading: the document's name. */
  readonly fallbackTitle: string;
  /** Characters per passage, about; a longer paragraph is cut between sentences. Default 1,000. */
  readonly maxLength?: number;
}

interface Section {
  title: string;
  paragraphs: string[];
}

const HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

export function splitIntoPassages(text: string, options: SplitOptions): Passage[] {
  const maxLength = options.maxLength ?? 1_000;
  const sections = options.markdown
    ? markdownSections(text, options.fallbackTitle)
    : [{ title: options.fallbackTitle, paragraphs: paragraphsOf(normalize(text).split('\n')) }];
  return sections.flatMap((section) =>
    groupParagraphs(section.paragraphs, maxLength).map((content) => ({ title: section.title, content })),
  );
}

/** "refund-policy.md" → "refund policy": what a file's name says, for a title. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return base.replace(/[-_]+/g, ' ').trim() || name;
}

function normalize(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function markdownSections(text: string, fallbackTitle: string): Section[] {
  let lines = normalize(text).split('\n');
  // YAML front matter is metadata, not prose.
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) lines = lines.slice(end + 1);
  }
  const sections: Section[] = [];
  const trail: string[] = []; // the heading at each level above the current line
  let body: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    const paragraphs = paragraphsOf(body);
    const title = trail.filter(Boolean).join(' › ') || fallbackTitle;
    if (paragraphs.length > 0) sections.push({ title, paragraphs });
    body = [];
  };
  for (const line of lines) {
    const fenceMark = FENCE.exec(line)?.[1];
    if (fenceMark && (fence === undefined || fenceMark.startsWith(fence))) {
      fence = fence === undefined ? fenceMark : undefined;
    }
    if (fenceMark) continue; // the fence is markup; the lines inside are kept as text
    const heading = fence === undefined ? HEADING.exec(line) : null;
    if (heading) {
      flush();
      const level = (heading[1] ?? '#').length;
      trail.length = level;
      trail[level - 1] = stripInlineMarkdown(heading[2] ?? '');
      continue;
    }
    body.push(line);
  }
  flush();
  return sections;
}

/** Paragraphs: runs of lines between blank lines. */
function paragraphsOf(lines: readonly string[]): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push(current.join('\n').trim());
      current = [];
    } else {
      current.push(line.trimEnd());
    }
  }
  if (current.length > 0) paragraphs.push(current.join('\n').trim());
  return paragraphs;
}

/** Consecutive paragraphs joined while they fit in `maxLength`; longer ones cut between sentences. */
function groupParagraphs(paragraphs: readonly string[], maxLength: number): string[] {
  const passages: string[] = [];
  let current = '';
  for (const piece of paragraphs.flatMap((p) => cutLong(p, maxLength))) {
    if (current !== '' && current.length + 2 + piece.length > maxLength) {
      passages.push(current);
      current = '';
    }
    current = current === '' ? piece : `${current}\n\n${piece}`;
  }
  if (current !== '') passages.push(current);
  return passages;
}

function cutLong(paragraph: string, maxLength: number): string[] {
  if (paragraph.length <= maxLength) return [paragraph];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of paragraph.split(/(?<=[.!?])\s+/)) {
    for (const part of cutAtSpaces(sentence, maxLength)) {
      if (current !== '' && current.length + 1 + part.length > maxLength) {
        pieces.push(current);
        current = '';
      }
      current = current === '' ? part : `${current} ${part}`;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** A run-on "sentence" (a table, a list without full stops) cut at spaces, hard if it has none. */
function cutAtSpaces(text: string, maxLength: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    const space = rest.lastIndexOf(' ', maxLength);
    const at = space > maxLength / 2 ? space : maxLength;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

function stripInlineMarkdown(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .trim();
}
