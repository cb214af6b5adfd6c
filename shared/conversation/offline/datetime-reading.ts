/** What reading a spoken date and time is built on: the text left to read, and a refusal with why. */

/** How to say a date and time: ends the refusals that cannot ask for one thing in particular. */
export const HOW_TO_SAY = 'say it like "yesterday at 3 pm", "March 3rd at 14:30" or "le 3 mars à 14h30"';

/** The answer is refused: `reason` (in English) says why, or asks for what is missing. */
export class Failure {
  constructor(readonly reason: string) {}
}

/** The text left to read: each understood piece is cut out, so what remains can be checked. */
export class Remaining {
  constructor(public text: string) {}

  /**
   * Every match of a pattern (not a global one: each search starts over on what is left), each cut out
   * and replaced by a bar, so that no later pattern joins the words on both sides of it.
   */
  takeAll(pattern: RegExp): RegExpExecArray[] {
    const found: RegExpExecArray[] = [];
    for (let match = pattern.exec(this.text); match; match = pattern.exec(this.text)) {
      found.push(match);
      this.text = `${this.text.slice(0, match.index)} | ${this.text.slice(match.index + match[0].length)}`;
    }
    return found;
  }
}
