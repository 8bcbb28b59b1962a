/** Building the DOM of the editor's margins (node views live outside React). */

/** An element with a class name and, optionally, its text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** A button that acts on click without moving the caret out of the text. */
export function button(className: string, onClick: () => void, text?: string): HTMLButtonElement {
  const b = el('button', className, text);
  b.type = 'button';
  // Keep the caret where it is: a click here is not a click in the text.
  b.addEventListener('mousedown', (event) => event.preventDefault());
  b.addEventListener('click', onClick);
  return b;
}
