/**
 * Clients for tests: the stock y-websocket provider (as any integrator would use it), and
 * helpers to write the document as ProseMirror's binding does (XmlElement per block).
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { waitFor } from './waitFor.js';

process.setMaxListeners(0);

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  fragment: Y.XmlFragment;
  closes: Array<{ code: number; reason: string }>;
  destroy(): void;
}

export function connect(wsUrl: string, docId: string, token: string, params: Record<string, string> = {}, connectNow = true): TestClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, docId, doc, {
    params: { token, ...params },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: connectNow,
  });
  const closes: Array<{ code: number; reason: string }> = [];
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    fragment: doc.getXmlFragment('default'),
    closes,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function synced(client: TestClient): Promise<void> {
  await waitFor(() => client.provider.synced, 'provider to sync', 10_000);
}

/** Plain text of each top-level block, as the tests compare documents. */
export function blockTexts(fragment: Y.XmlFragment): string[] {
  return fragment.toArray().map((node) => textOf(node as Y.XmlElement | Y.XmlText));
}

function textOf(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]*>/g, '');
  return node
    .toArray()
    .map((child) => textOf(child as Y.XmlElement | Y.XmlText))
    .join('');
}

/** The top-level element holding block `id`. */
export function blockById(fragment: Y.XmlFragment, id: string): Y.XmlElement | undefined {
  return fragment.toArray().find((node) => node instanceof Y.XmlElement && node.getAttribute('id') === id) as Y.XmlElement | undefined;
}

/** The XmlText inside a paragraph element (creating it if the paragraph is empty). */
export function textIn(paragraph: Y.XmlElement): Y.XmlText {
  const first = paragraph.get(0);
  if (first instanceof Y.XmlText) return first;
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  return text;
}

export function newParagraph(text: string, attrs: Record<string, string> = {}): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  for (const [key, value] of Object.entries(attrs)) paragraph.setAttribute(key, value);
  const xmlText = new Y.XmlText();
  xmlText.insert(0, text);
  paragraph.insert(0, [xmlText]);
  return paragraph;
}

/** Two docs hold the same state (compared by encoded state, not by text alone). */
export function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return (
    Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b))) &&
    a.getXmlFragment('default').toString() === b.getXmlFragment('default').toString()
  );
}
