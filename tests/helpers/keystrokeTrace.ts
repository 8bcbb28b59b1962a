/**
 * Where each keystroke goes, recorded inside the page: the key and the DOM selection it met,
 * what the browser did with it (beforeinput, input, and whether the DOM selection ended up
 * inside a block's text or outside it), every ProseMirror transaction dispatched (applied,
 * or refused by a plugin's filterTransaction, which only the lock guard does), block ids
 * assigned in appended transactions (UniqueID), every Yjs update with its origin, and ids
 * the server changed on a block (its id claim). Tests mark each trial and print the trace
 * of a trial that failed.
 */
import type { Page } from 'playwright-core';

export interface TraceEntry {
  t: number;
  what: string;
}

/** Runs in the page: hooks the editor and the Yjs document, appends to window.__keystrokeTrace. */
function install(): void {
  type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const w = window as Any;
  if (w.__keystrokeTrace) return;
  const trace: { t: number; what: string }[] = [];
  w.__keystrokeTrace = trace;
  const root = document.querySelector('.ProseMirror') as Any;
  const editor = root.editor;
  const view = editor.view;
  const log = (what: string) => trace.push({ t: Math.round(performance.now() * 10) / 10, what });

  const describeDomSelection = () => {
    const selection = getSelection();
    const node = selection?.anchorNode as Any;
    if (!node) return 'none';
    const element: Element | null = node.nodeType === 1 ? node : node.parentElement;
    const block = element?.closest('.dr-block');
    const content = element?.closest('.dr-block p, .dr-block h1, .dr-block h2, .dr-block h3, .dr-block li');
    const where = !block
      ? 'outside any block'
      : content
        ? `in the text of block ${(block as HTMLElement).dataset.blockId}`
        : `OUTSIDE the text of block ${(block as HTMLElement).dataset.blockId} (in ${element?.className || element?.nodeName})`;
    return `${node.nodeName}@${selection!.anchorOffset} ${where}`;
  };
  const blockIdAt = (pos: number) => {
    const $pos = view.state.doc.resolve(Math.min(pos, view.state.doc.content.size));
    return $pos.depth > 0 ? $pos.node(1).attrs.id : '(between blocks)';
  };
  const describeSteps = (tr: Any) =>
    tr.steps
      .map((step: Any) => {
        const json = step.toJSON();
        const inserted = step.slice?.content?.textBetween?.(0, step.slice.content.size, '¶', '¶');
        if (json.stepType === 'attr') return `attr ${json.attr}=${JSON.stringify(json.value)} @${json.pos}`;
        return `${json.stepType} ${json.from}-${json.to}${inserted ? ` "${inserted}"` : step.slice?.content?.size ? ' (structure)' : ''}`;
      })
      .join(', ');

  document.addEventListener(
    'keydown',
    (e) =>
      log(
        `keydown ${JSON.stringify(e.key)} — DOM selection ${describeDomSelection()}; editor selection ${view.state.selection.from} in block ${blockIdAt(view.state.selection.from)}`,
      ),
    true,
  );
  document.addEventListener(
    'beforeinput',
    (e) => log(`beforeinput ${(e as InputEvent).inputType} ${JSON.stringify((e as InputEvent).data)}`),
    true,
  );
  document.addEventListener(
    'input',
    (e) => log(`input ${(e as InputEvent).inputType} — DOM selection now ${describeDomSelection()}`),
    true,
  );

  const dispatch = view.dispatch.bind(view);
  view.dispatch = (tr: Any) => {
    const before = view.state;
    dispatch(tr);
    if (!tr.docChanged) return;
    if (view.state === before) log(`REFUSED by filterTransaction (lock guard): ${describeSteps(tr)}`);
  };
  editor.on('transaction', ({ transaction, appendedTransactions }: Any) => {
    if (!transaction.docChanged && !(appendedTransactions ?? []).length) return;
    const source = transaction.getMeta('y-sync$') ? 'from Yjs' : 'local';
    log(`transaction (${source}): ${describeSteps(transaction)}; caret in block ${blockIdAt(view.state.selection.from)}`);
    for (const appended of appendedTransactions ?? [])
      log(`  appended (${appended.getMeta('__uniqueIDTransaction') ? 'UniqueID' : 'plugin'}): ${describeSteps(appended)}`);
  });

  const sync = view.state.plugins.find((p: Any) => String(p.key).startsWith('y-sync$'));
  const { doc, type } = sync.getState(view.state);
  doc.on('update', (update: Uint8Array, origin: Any) =>
    log(
      `Yjs update ${update.length} B, ${origin && origin.constructor?.name === 'WebsocketProvider' ? 'from the server' : 'local → server'}`,
    ),
  );
  type.observeDeep((events: Any[], transaction: Any) => {
    if (transaction.local) return;
    for (const event of events) {
      if (event.target.parent !== type || !event.changes.keys.has('id')) continue;
      log(`server changed a block id: ${event.changes.keys.get('id').oldValue} → ${event.target.getAttribute('id')}`);
    }
  });
  log('trace installed');
}

export async function installKeystrokeTrace(page: Page): Promise<void> {
  await page.evaluate(install);
}

export async function markTrace(page: Page, label: string): Promise<void> {
  await page.evaluate((what) => (window as any).__keystrokeTrace.push({ t: performance.now(), what: `── ${what}` }), label);
}

/** The trace from the mark `label` up to the next mark, as lines. */
export async function traceOfTrial(page: Page, label: string): Promise<string[]> {
  const trace = (await page.evaluate(() => (window as any).__keystrokeTrace)) as TraceEntry[];
  const start = trace.findIndex((e) => e.what === `── ${label}`);
  if (start < 0) return [`(no trace for ${label})`];
  const end = trace.findIndex((e, i) => i > start && e.what.startsWith('── '));
  return trace.slice(start, end < 0 ? undefined : end).map((e) => `${e.t.toFixed(1).padStart(9)} ms  ${e.what}`);
}

/** Every refusal the lock guard made, over the whole trace. */
export async function refusalsInTrace(page: Page): Promise<string[]> {
  const trace = (await page.evaluate(() => (window as any).__keystrokeTrace)) as TraceEntry[];
  return trace.filter((e) => e.what.startsWith('REFUSED')).map((e) => e.what);
}

/** Text the browser put into a block's wrapper, outside its text (typing that ProseMirror never saw). */
export async function strayTextOutsideBlocks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const stray: string[] = [];
    for (const block of Array.from(document.querySelectorAll('.ProseMirror > .dr-block'))) {
      for (const container of [block, block.querySelector(':scope > .dr-block__body')]) {
        for (const node of Array.from(container?.childNodes ?? [])) {
          if (node.nodeType === Node.TEXT_NODE && node.textContent)
            stray.push(`${(block as HTMLElement).dataset.blockId}: ${JSON.stringify(node.textContent)}`);
        }
      }
    }
    return stray;
  });
}
