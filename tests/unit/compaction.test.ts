/** The store's compaction (PROTOCOL.md D6): atomic, and never folding backwards. */
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import { removeDataDir, tempDataDir } from '../helpers/testServer.js';

let store: SqliteStore | undefined;
let dataDir: string | undefined;
afterEach(() => {
  store?.close();
  if (dataDir) removeDataDir(dataDir);
});

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

it('[D6] a snapshot older than the stored one does not replace it: the newer text stays whole', () => {
  dataDir = tempDataDir();
  store = new SqliteStore(dataDir);
  store.createDocument({ id: 'd', title: 'Compaction', createdAt: new Date().toISOString() });
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => store!.appendUpdate('d', update));
  doc.getText('t').insert(0, 'first ');
  const early = { state: Y.encodeStateAsUpdate(doc), seq: store.updateLogLength('d').maxSeq };
  doc.getText('t').insert(6, 'second');
  store.compact('d', Y.encodeStateAsUpdate(doc), store.updateLogLength('d').maxSeq);
  expect(store.updateLogLength('d').count).toBe(0);

  store.compact('d', early.state, early.seq);
  expect(textOf(store.loadDocumentUpdates('d'))).toBe('first second');
});
