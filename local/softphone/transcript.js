/**
 * The live transcript: an ordered list of lines "who: what". A non-final line is replaced by the next
 * line of the same persona until a final one arrives. Non-final lines are shown (styled as in
 * progress) but hidden from assistive technology; the final line replaces them in place, as a new
 * element, so the list's aria-live announces each finished line once.
 */

import { h } from './dom.js';

export function createTranscript(list, { onChange }) {
  const names = { human: 'You', assistant: 'Bot' };
  const partials = new Map();
  let botLang = null;

  function lineElement(persona, text, final) {
    const known = persona === 'human' || persona === 'assistant';
    return h(
      'li',
      {
        class: `line ${known ? persona : 'other'}${final ? '' : ' partial'}`,
        'aria-hidden': final ? null : 'true',
        lang: persona === 'assistant' ? botLang : null,
      },
      h('span', { class: 'who', 'data-persona': persona }, known ? names[persona] : String(persona)),
      h('span', { class: 'sr-only' }, ': '),
      h('span', { class: 'said' }, text),
    );
  }

  function keepScrolledToEnd(update) {
    const atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    update();
    if (atEnd) list.scrollTop = list.scrollHeight;
    onChange();
  }

  return {
    add({ persona, text, final }) {
      const said = typeof text === 'string' ? text : '';
      const previous = partials.get(persona);
      keepScrolledToEnd(() => {
        if (!final) {
          if (previous) previous.querySelector('.said').textContent = said;
          else {
            const element = lineElement(persona, said, false);
            partials.set(persona, element);
            list.append(element);
          }
          return;
        }
        partials.delete(persona);
        if (said.trim() === '') return previous?.remove();
        const element = lineElement(persona, said, true);
        if (previous) previous.replaceWith(element);
        else list.append(element);
      });
    },
    setBot(name, lang) {
      botLang = lang || null;
      if (!name || name === names.assistant) return;
      names.assistant = name;
      for (const who of list.querySelectorAll('.who[data-persona="assistant"]')) who.textContent = name;
    },
    clear() {
      names.assistant = 'Bot';
      partials.clear();
      list.replaceChildren();
      onChange();
    },
    get length() {
      return list.childElementCount;
    },
  };
}
