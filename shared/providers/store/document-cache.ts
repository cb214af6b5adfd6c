/**
 * The JSON documents of the calls a store last wrote or read, each with the version it had (SQLite's
 * row version, Cosmos DB's etag), up to a total length: the calls in progress stay, and the one left
 * alone longest is forgotten first. A document is only ever used as the call at that exact version, so
 * it can never stand in for a newer one.
 */
export type DocumentVersion = string | number;

/**
 * How much call JSON a store keeps at hand, in characters (V8 keeps a document with any character beyond
 * Latin-1 at two bytes a character): 16 M is about 160 half-hour calls, or 1,500 short ones.
 */
export const DOCUMENT_CACHE_CHARS = 16 * 1024 * 1024;

export interface KeptDocument {
  readonly version: DocumentVersion;
  readonly document: string;
}

export class DocumentCache {
  /** By call id; a Map keeps insertion order, so the first entry is the least recently used. */
  private readonly entries = new Map<string, KeptDocument>();
  private chars = 0;

  constructor(private readonly maxChars = DOCUMENT_CACHE_CHARS) {}

  /** The call's document at exactly `version`, or undefined (one at another version is dropped). */
  get(callId: string, version: DocumentVersion): string | undefined {
    const entry = this.latest(callId);
    if (!entry) return undefined;
    if (entry.version === version) return entry.document;
    this.forget(callId, entry);
    return undefined;
  }

  /** The call's newest kept document, whatever its version (for a read conditional on it). */
  latest(callId: string): KeptDocument | undefined {
    const entry = this.entries.get(callId);
    if (!entry) return undefined;
    // Taken out and put back: now the most recently used.
    this.entries.delete(callId);
    this.entries.set(callId, entry);
    return entry;
  }

  /** Keeps `document` as the call's at `version`, forgetting the least recently used beyond the size. */
  set(callId: string, version: DocumentVersion, document: string): void {
    const previous = this.entries.get(callId);
    if (previous) this.forget(callId, previous);
    if (document.length > this.maxChars) return;
    this.entries.set(callId, { version, document });
    this.chars += document.length;
    for (const [oldestId, oldest] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.forget(oldestId, oldest);
    }
  }

  private forget(callId: string, entry: KeptDocument): void {
    this.entries.delete(callId);
    this.chars -= entry.document.length;
  }

  /** How many documents and characters are kept. */
  get size(): { readonly documents: number; readonly chars: number } {
    return { documents: this.entries.size, chars: this.chars };
  }
}
