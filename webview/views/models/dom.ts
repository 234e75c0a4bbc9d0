/** Small DOM helpers of the Compare Models panel: elements with properties, labelled number fields. */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/** A labelled whole-number input with a help line read with it by screen readers. */
export function numberField(id: string, label: string, value: number, [min, max]: readonly [number, number], help: string): { row: HTMLElement; input: HTMLInputElement } {
  const input = el('input', { type: 'number', id, min: String(min), max: String(max), step: '1', value: String(value) });
  input.setAttribute('aria-describedby', `${id}-help`);
  const row = el('div', { className: 'field' }, el('label', { htmlFor: id }, label), input, el('p', { className: 'help', id: `${id}-help` }, help));
  return { row, input };
}

/** The input's value when it is a whole number in [min, max], else undefined. */
export function wholeValue(input: HTMLInputElement, [min, max]: readonly [number, number]): number | undefined {
  const v = Number(input.value);
  return input.value.trim() !== '' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

/** A section with a heading that names it for assistive technology. */
export function section(id: string, title: string, ...children: (Node | string)[]): HTMLElement {
  const h = el('h2', { id: `${id}-title` }, title);
  const s = el('section', { id, className: 'models-section' }, h, ...children);
  s.setAttribute('aria-labelledby', h.id);
  return s;
}
