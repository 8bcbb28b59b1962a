/**
 * Documents the scenarios start from, shaped as TipTap's Collaboration binding stores them:
 * the `default` XmlFragment holding one XmlElement per block with an `id` attribute and an
 * XmlText inside. Seeding sends the state as one update over a bare connection that stays
 * open (Hocuspocus without persistence unloads a document when its last connection leaves).
 */
import * as Y from 'yjs';
import { RawClient } from './rawClient.js';
import type { Room } from './rooms.js';
import { until } from './stats.js';

export const FRAGMENT = 'default';

const WORDS =
  'the delegations agreed that paragraph text shall be read together with annex on financing adaptation review of progress by parties noting report'.split(
    ' ',
  );

/** Deterministic prose of about `chars` characters. */
export function prose(chars: number, seed: number): string {
  let text = '';
  let i = seed;
  while (text.length < chars) {
    i = (i * 1103515245 + 12345) >>> 0;
    text += (text ? ' ' : '') + WORDS[i % WORDS.length];
  }
  return text.slice(0, chars);
}

export function blockId(index: number): string {
  return `bench-p${index}`;
}

/** A document of `count` paragraphs of `chars` characters, as one update. */
export function paragraphsUpdate(count: number, chars: number): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(FRAGMENT);
  doc.transact(() => {
    const blocks: Y.XmlElement[] = [];
    for (let i = 0; i < count; i++) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.setAttribute('id', blockId(i));
      const text = new Y.XmlText();
      text.insert(0, prose(chars, i + 1));
      paragraph.insert(0, [text]);
      blocks.push(paragraph);
    }
    fragment.insert(0, blocks);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** A document whose encoded state is at least `bytes` long (paragraphs of ~500 characters). */
export function documentOfSize(bytes: number): { update: Uint8Array; paragraphs: number } {
  const paragraphs = Math.ceil(bytes / 515);
  return { update: paragraphsUpdate(paragraphs, 500), paragraphs };
}

/**
 * Puts `update` into the room and returns the connection that holds it open, once a second
 * connection reads it back from the server.
 */
export async function seedRoom(room: Room, update: Uint8Array, holderIndex = 0): Promise<RawClient> {
  const holder = await RawClient.open(room, holderIndex);
  holder.sendUpdate(update);
  const expected = Y.parseUpdateMeta(update).to;
  let complete = false;
  const checker = await RawClient.open(room, holderIndex + 1, {
    onUpdate: (state, kind) => {
      if (kind !== 'step2') return;
      const have = Y.parseUpdateMeta(state).to;
      complete = [...expected].every(([client, clock]) => (have.get(client) ?? 0) >= clock);
    },
  });
  const deadline = Date.now() + 30_000;
  while (!complete && Date.now() < deadline) {
    checker.sendStep1();
    await until(() => complete, 500, 10);
  }
  checker.close();
  if (!complete) throw new Error('the seeded document did not come back from the server within 30 s');
  return holder;
}
