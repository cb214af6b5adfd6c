/**
 * The document search port (RAG): finds the passages of the company's documents that answer a
 * caller's question, for the model to read. Embedded default: a folder of Markdown and text files
 * indexed with SQLite FTS5 (`sqlite-fts.ts`); on Azure: Azure AI Search (`azure-search.ts`).
 *
 * The contract every backend keeps (test/search/conformance.test.ts):
 * - hits come best first (`score` descending, higher is better), at most `top` of them;
 * - a query with no words to search for (blank, only punctuation) answers [] without any I/O;
 * - a caller's words are never query syntax: quotes, parentheses, operators are just text;
 * - nothing matching answers [];
 * - an aborted `signal` rejects with an error named `AbortError`.
 */

export interface SearchHit {
  /** The passage's heading (or the document's name when it has none). */
  readonly title: string;
  /** The part of the passage around the match, at most `MAX_SNIPPET_LENGTH` characters. */
  readonly content: string;
  /** Where it comes from: the file's path in the docs folder, or the index's source field (a URL). */
  readonly source: string;
  /** Relevance, higher is better; only comparable between hits of the same search. */
  readonly score: number;
}

export interface SearchOptions {
  /** The caller's language (BCP 47, "fr-FR"): backends that know documents' languages prefer them. */
  readonly lang?: string;
  /** How many hits at most; default `DEFAULT_TOP`, never more than `MAX_TOP`. */
  readonly top?: number;
  readonly signal?: AbortSignal;
}

export interface DocumentSearch {
  /** 'sqlite-fts', 'azure-search': for logs and the health page. */
  readonly kind: string;
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  close(): Promise<void>;
}

export const DEFAULT_TOP = 3;
export const MAX_TOP = 20;
/** A snippet is read by the model, and may end up spoken: a few sentences, not a page. */
export const MAX_SNIPPET_LENGTH = 500;

/** `top` as asked, within 1..MAX_TOP. */
export function clampTop(top: number | undefined): number {
  if (top === undefined || !Number.isFinite(top)) return DEFAULT_TOP;
  return Math.min(MAX_TOP, Math.max(1, Math.floor(top)));
}

/**
 * The words of a query, lowercased, for backends to search for: letters and digits only, so that
 * nothing a caller says can be read as query syntax. At most 32 words (a question, not an essay).
 */
export function queryWords(query: string): string[] {
  // NFC first: an accent typed as a separate combining mark would otherwise split its word in two.
  return (
    query
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, 32);
}

/** What an aborted search rejects with, whatever the backend. */
export function abortError(): DOMException {
  return new DOMException('The search was aborted', 'AbortError');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

/**
 * A text cut to at most `max` characters around the first place one of `words` starts, at word
 * boundaries, with "…" where it was cut. For backends that get whole passages back.
 */
export function snippetAround(text: string, words: readonly string[], max = MAX_SNIPPET_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const lower = flat.toLowerCase();
  const found = words.map((word) => lower.indexOf(word)).filter((at) => at >= 0);
  const hit = found.length > 0 ? Math.min(...found) : 0;
  // The match a fifth of the way in: some context before it, most of the room for what follows.
  let start = Math.max(0, Math.min(hit - Math.floor(max / 5), flat.length - max));
  if (start > 0) start = flat.indexOf(' ', start) + 1 || start;
  let end = Math.min(flat.length, start + max - 2);
  if (end < flat.length) end = flat.lastIndexOf(' ', end) > start ? flat.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}

/**
 * A backend opened on first use: the local host starts without loading the search SDK or indexing
 * the docs folder, and a call that never searches never pays for it. A failed open is tried again
 * on the next search (the folder may have been fixed).
 */
export function lazySearch(kind: string, open: () => Promise<DocumentSearch>): DocumentSearch {
  let opened: Promise<DocumentSearch> | undefined;
  const backend = () => {
    opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
  return {
    kind,
    async search(query, options) {
      return (await backend()).search(query, options);
    },
    async close() {
      const open = opened;
      opened = undefined;
      await (await open?.catch(() => undefined))?.close();
    },
  };
}
