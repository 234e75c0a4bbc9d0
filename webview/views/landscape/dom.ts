/** Small DOM helpers of the landscape views (elements, labelled fields, theme colours). */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './landscape.css';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/** A web component (vscode-*) with attributes. */
export function custom(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement & { value: string } {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e as HTMLElement & { value: string };
}

export function button(label: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLElement {
  const b = custom('vscode-button', attrs, label);
  b.addEventListener('click', onClick);
  return b;
}

export function select(options: readonly (string | [value: string, label: string])[], value: string): HTMLElement & { value: string } {
  const s = custom('vscode-single-select', {}, ...options.map((o) => {
    const [v, label] = typeof o === 'string' ? [o, o] : o;
    return custom('vscode-option', { value: v, ...(v === value ? { selected: '' } : {}) }, label);
  }));
  return s;
}

export function textfield(value: string, attrs: Record<string, string> = {}): HTMLElement & { value: string } {
  return custom('vscode-textfield', { value, ...attrs });
}

/** A labelled control with a help line read with it. */
export function field(id: string, label: string, control: HTMLElement, help?: string): HTMLElement {
  control.id = id;
  const row = el('div', { className: 'field' }, el('label', { htmlFor: id }, label), control);
  if (help) {
    control.setAttribute('aria-describedby', `${id}-help`);
    row.append(el('p', { className: 'help', id: `${id}-help` }, help));
  }
  return row;
}

/** A number typed into a field, or undefined when it is not one. */
export function numberOf(control: { value: string }): number | undefined {
  const text = control.value.trim();
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : undefined;
}

export { themeColor } from '../../theme';

/** Calls `redraw` when VS Code changes the theme (it changes the body's class). */
export function onThemeChange(redraw: () => void): void {
  new MutationObserver(redraw).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
