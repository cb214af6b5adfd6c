/** Building DOM from data. Text always goes in as text nodes: no HTML parsing of anything received. */

/**
 * `h('td', { class: 'missing', 'data-field': name }, 'missing')`. Props: `class`, `text`, otherwise
 * attributes (true → present, null/false/undefined → absent). Children: nodes or strings (as text).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Sets the text only when it changes (live regions announce every change). */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A `<time>` for an ISO date, readable in the visitor's locale; the raw text when it is not a date. */
export function timeElement(iso) {
  const date = new Date(iso);
  if (typeof iso !== 'string' || Number.isNaN(date.getTime())) return h('span', {}, String(iso ?? ''));
  return h('time', { datetime: iso }, DATE_TIME.format(date));
}

/** `policyholder_email` → "Policyholder email". */
export function humanize(name) {
  const text = String(name).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
