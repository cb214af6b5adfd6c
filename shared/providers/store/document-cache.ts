/**
 * The JSON documents of the calls a store last wrote or read, each with the version it had, up to a
 * total length: the calls in progress stay, and the one left alone longest is forgotten first. A
 * document is handed out only for the exact version asked, so it can never stand in for a newer one.
 */
export class DocumentCache {
  /** By call id; a Map keeps insertion order, so the first entry is the least recently used. */
  private readonly entries = new Map<string, { readonly version: number; readonly document: string }>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  /** The call's document at exactly `version`, or undefined (one at another version is dropped). */
  get(callId: string, version: number): string | undefined {
    const entry = this.entries.get(callId);
    if (!entry) return undefined;
    this.entries.delete(callId);
    if (entry.version !== version) {
      this.chars -= entry.document.length;
      return undefined;
    }
    this.entries.set(callId, entry);
    return entry.document;
  }

  /** Keeps `document` as the call's at `version`, forgetting the least recently used beyond the size. */
  set(callId: string, version: number, document: string): void {
    const previous = this.entries.get(callId);
    if (previous) {
      this.entries.delete(callId);
      this.chars -= previous.document.length;
    }
    if (document.length > this.maxChars) return;
    this.entries.set(callId, { version, document });
    this.chars += document.length;
    for (const [oldestId, oldest] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldestId);
      this.chars -= oldest.document.length;
    }
  }

  /** How many documents and characters are kept. */
  get size(): { readonly documents: number; readonly chars: number } {
    return { documents: this.entries.size, chars: this.chars };
  }
}
