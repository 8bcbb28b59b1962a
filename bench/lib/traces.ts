/**
 * Real editing traces (josephg/editing-traces, CC BY 4.0) turned into Yjs updates, one per
 * trace transaction (one keystroke, mostly), in the shape TipTap stores text: a paragraph
 * XmlElement holding an XmlText. Sequential traces have one author; concurrent traces have
 * several, each transaction applied to the merged state of its parents.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { FRAGMENT } from './documents.js';

/** The traces, copied into the repository with their licence (bench/editing-traces/README.md). */
export const TRACE_DIR = fileURLToPath(new URL('../editing-traces', import.meta.url));
export const TRACE_BLOCK_ID = 'trace-p0';

type Patch = [number, number, string];
interface SequentialTrace {
  endContent: string;
  txns: Array<{ patches: Patch[] }>;
}
interface ConcurrentTrace {
  kind: 'concurrent';
  endContent: string;
  numAgents: number;
  txns: Array<{ parents: number[]; agent: number; patches: Patch[] }>;
}

export interface BuiltTrace {
  name: string;
  /** The empty paragraph every author starts from (sent before the replay, not timed). */
  setup: Uint8Array;
  /** One update per trace transaction, in trace order, then one marker insert per author. */
  updates: Uint8Array[];
  /** Author index of each update. */
  authors: number[];
  /** Yjs client id of each author, and its clock after its last update (the marker). */
  clientIds: number[];
  finalClocks: number[];
  /** Transactions taken from the trace (the markers not counted). */
  transactions: number;
  /** The text once every update is applied (the trace's own end, or its prefix's). */
  endContent: string | null;
  buildMs: number;
}

export function loadTrace(file: string): SequentialTrace | ConcurrentTrace {
  return JSON.parse(gunzipSync(readFileSync(`${TRACE_DIR}/${file}`)).toString('utf8')) as SequentialTrace | ConcurrentTrace;
}

function setupUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.setAttribute('id', TRACE_BLOCK_ID);
  paragraph.insert(0, [new Y.XmlText()]);
  doc.getXmlFragment(FRAGMENT).insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

function textOf(doc: Y.Doc): Y.XmlText {
  return (doc.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function applyPatches(text: Y.XmlText, patches: Patch[]): void {
  for (const [pos, del, ins] of patches) {
    const at = Math.min(pos, text.length);
    if (del > 0) text.delete(at, Math.min(del, text.length - at));
    if (ins) text.insert(at, ins);
  }
}

/** Builds the updates of the first `limit` transactions of trace `file`. */
export function buildTrace(file: string, limit = Infinity): BuiltTrace {
  const started = performance.now();
  const trace = loadTrace(file);
  const setup = setupUpdate();
  const count = Math.min(limit, trace.txns.length);
  const agents = 'kind' in trace ? trace.numAgents : 1;
  const docs = Array.from({ length: agents }, (_, a) => {
    const doc = new Y.Doc();
    doc.clientID = 1000 + a;
    Y.applyUpdate(doc, setup);
    return doc;
  });
  const updates: Uint8Array[] = [];
  const authors: number[] = [];
  let captured: Uint8Array | null = null;
  for (const doc of docs)
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'local') captured = update;
    });
  const record = (agent: number, change: () => void) => {
    captured = null;
    docs[agent]!.transact(change, 'local');
    if (captured) {
      updates.push(captured);
      authors.push(agent);
    }
  };

  if ('kind' in trace) {
    // Each author's doc must hold exactly the causal history of the transaction's parents.
    const applied = docs.map(() => new Uint8Array(count));
    const updateOf = new Array<Uint8Array | null>(count).fill(null);
    for (let i = 0; i < count; i++) {
      const txn = trace.txns[i]!;
      const a = txn.agent;
      const missing: number[] = [];
      const stack = [...txn.parents];
      while (stack.length > 0) {
        const p = stack.pop()!;
        if (applied[a]![p]) continue;
        applied[a]![p] = 1;
        missing.push(p);
        stack.push(...trace.txns[p]!.parents);
      }
      missing.sort((x, y) => x - y);
      for (const p of missing) if (updateOf[p]) Y.applyUpdate(docs[a]!, updateOf[p]!, 'remote');
      const before = updates.length;
      record(a, () => applyPatches(textOf(docs[a]!), txn.patches));
      applied[a]![i] = 1;
      updateOf[i] = updates.length > before ? updates[updates.length - 1]! : null;
    }
  } else {
    for (let i = 0; i < count; i++) record(0, () => applyPatches(textOf(docs[0]!), trace.txns[i]!.patches));
  }
  for (let a = 0; a < agents; a++) record(a, () => textOf(docs[a]!).insert(0, '\u2063'));
  const clientIds = docs.map((doc) => doc.clientID);
  const finalClocks = docs.map((doc) => Y.getState(doc.store, doc.clientID));
  for (const doc of docs) doc.destroy();
  return {
    name: file.replace(/\.json\.gz$/, ''),
    setup,
    updates,
    authors,
    clientIds,
    finalClocks,
    transactions: count,
    // A prefix's text is what its updates make: the replay's read-back is checked either way.
    endContent: count === trace.txns.length ? trace.endContent : textOfState(Y.mergeUpdates([setup, ...updates])),
    buildMs: performance.now() - started,
  };
}

/** Applies the trace's updates to a bare Y.Doc in this process: the limit for any Yjs server. */
export function applyToBareDoc(trace: BuiltTrace): { ms: number; text: string } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, trace.setup);
  const started = performance.now();
  for (const update of trace.updates) Y.applyUpdate(doc, update);
  const ms = performance.now() - started;
  const text = textOf(doc).toString();
  doc.destroy();
  return { ms, text };
}

/** The text a document state holds, without the markers. */
export function textOfState(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const text = textOf(doc).toString().replaceAll('\u2063', '');
  doc.destroy();
  return text;
}
