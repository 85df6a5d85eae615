// Building DOM from text: textContent only, never innerHTML, so nothing a person typed can
// become markup.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [k, v] of Object.entries(options.attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) node.appendChild(child);
  return node;
}

/** A paragraph with the line breaks the person typed. */
export function paragraph(text: string): HTMLParagraphElement {
  const p = el('p');
  text.split('\n').forEach((line, i) => {
    if (i > 0) p.appendChild(el('br'));
    p.appendChild(document.createTextNode(line));
  });
  return p;
}

/** Blank lines split paragraphs, as on the server. */
export function paragraphs(text: string): HTMLParagraphElement[] {
  return text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map(paragraph);
}

export function replaceChildren(parent: Element, children: Node[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  for (const c of children) parent.appendChild(c);
}

export function all<T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T[] {
  return Array.from(root.querySelectorAll<T>(selector));
}

export function setStatus(root: ParentNode, text: string): void {
  const status = root.querySelector<HTMLElement>('[data-status]') ?? document.querySelector<HTMLElement>('[data-status]');
  if (status) status.textContent = text;
}

export function debounce(fn: () => void, ms: number): { (): void; flush(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    fn();
  };
  const d = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  d.flush = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      run();
    }
  };
  d.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return d;
}
