/**
 * Fuzzing the document rules (PROTOCOL.md I1–I4, L1–L4) from an expert's real invite: random
 * and adversarial Yjs changes (unknown elements and marks, wrong attributes, deep nesting,
 * embeds, raw JSON, huge text, deletions, writes to a locked paragraph, forged ids), several
 * in one update. After every run the state the server holds loads through the editor's own
 * schema with nothing dropped, every block passes the shared rules, every export answers
 * 200, the locked paragraph is intact, and every client holds the server's text.
 *
 * FUZZ_RUNS sets the number of runs (CI: 40), FUZZ_SEED replays one.
 */
import { beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { blockTexts, newParagraph, synced, textIn, type TestClient } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { documentSchema } from '../../shared/schema.js';
import { blockProblem } from '../../shared/blockRules.js';
import { MAX_BLOCK_CHARS, MAX_BLOCK_DEPTH } from '../../shared/limits.js';
import { EXPORT_FORMATS } from '../../shared/api.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

let room: TestRoom;
let bystander: TestClient;
let attacker: TestClient;
let lockedId: string;
const LOCKED_TEXT = 'The agreed paragraph.';

beforeAll(async () => {
  room = await openTestRoom({ title: 'Fuzzed room' });
  return room.close;
});
beforeAll(async () => {
  bystander = room.connect(room.invites.moderator.token, { name: 'Bystander' });
  attacker = await newAttacker();
  textIn(attacker.fragment.get(0) as Y.XmlElement).insert(0, LOCKED_TEXT);
  attacker.fragment.insert(1, [newParagraph('An open paragraph.')]);
  await waitFor(async () => (await blocks(room.url, room.id, room.invites.observer.token)).length === 2, 'the first two paragraphs');
  lockedId = (await blocks(room.url, room.id, room.invites.observer.token))[0]!.id;
  expect((await api(room.url, 'POST', `/api/documents/${room.id}/blocks/${lockedId}/lock`, room.invites.moderator.token)).status).toBe(200);
});

async function newAttacker(): Promise<TestClient> {
  const client = room.connect(room.invites.expert.token, { name: 'Fuzzer', delegation: 'Nowhere' });
  await synced(client);
  return client;
}

// ── what an attacker can build ─────────────────────────────────────────────

const NODE_NAMES = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'hardBreak',
  'doc',
  'text',
  'script',
  'table',
  'image',
  '',
];
const ATTRIBUTES = ['id', 'level', 'start', 'type', 'locked', 'lockedBy', 'status', 'onclick', 'style', 'ychange'];
const VALUES: unknown[] = ['x', '1', 1, 2, 9, -1, 1.5, true, null, { nested: true }, ['a'], 'a'.repeat(300), '"><script>', 'Zp9-_ok'];
const MARKS = ['bold', 'italic', 'strike', 'underline', 'link', 'code', 'bold--abcdefgh', 'evil'];
const TEXTS = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('\uFFFF', '\u202E(Russia)', '\u0000\u0001', '\uD800', '🇪🇺', '# heading', '<b>x</b>', 'ß\u0301'),
  fc.integer({ min: 1, max: 3 }).map((n) => 'w'.repeat(n === 3 ? MAX_BLOCK_CHARS + 10 : n * 1_000)),
);

type Op =
  | { kind: 'element'; at: number; name: string; depth: number; attrs: Array<[string, unknown]> }
  | { kind: 'text'; at: number; offset: number; text: string; marks: string[] }
  | { kind: 'attr'; at: number; name: string; value: unknown }
  | { kind: 'delete'; at: number; offset: number; length: number }
  | { kind: 'embed'; at: number }
  | { kind: 'json'; at: number }
  | { kind: 'chain'; depth: number }
  | { kind: 'block'; text: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('element' as const),
    at: fc.nat(),
    name: fc.constantFrom(...NODE_NAMES),
    depth: fc.integer({ min: 0, max: MAX_BLOCK_DEPTH + 3 }),
    attrs: fc.array(fc.tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...VALUES)), { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('text' as const),
    at: fc.nat(),
    offset: fc.nat(),
    text: TEXTS,
    marks: fc.array(fc.constantFrom(...MARKS), { maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant('attr' as const), at: fc.nat(), name: fc.constantFrom(...ATTRIBUTES), value: fc.constantFrom(...VALUES) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), offset: fc.nat(), length: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('embed' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('json' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('chain' as const), depth: fc.integer({ min: 1, max: 90 }) }),
  fc.record({ kind: fc.constant('block' as const), text: TEXTS }),
);

/** Every element and text in the attacker's copy, the fragment first. */
function targets(fragment: Y.XmlFragment): Array<Y.XmlFragment | Y.XmlElement | Y.XmlText> {
  const found: Array<Y.XmlFragment | Y.XmlElement | Y.XmlText> = [fragment];
  const walk = (type: Y.XmlFragment | Y.XmlElement) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlElement) {
        found.push(child);
        walk(child);
      } else if (child instanceof Y.XmlText) found.push(child);
    }
  };
  walk(fragment);
  return found;
}

function element(name: string, depth: number, attrs: Array<[string, unknown]>): Y.XmlElement {
  const made = new Y.XmlElement(name || 'paragraph');
  for (const [key, value] of attrs) made.setAttribute(key, value as string);
  let current = made;
  for (let i = 0; i < depth; i++) {
    const inner = new Y.XmlElement(i % 2 === 0 ? 'blockquote' : 'paragraph');
    current.insert(0, [inner]);
    current = inner;
  }
  current.insert(0, [new Y.XmlText('fuzz')]);
  return made;
}

function apply(fragment: Y.XmlFragment, change: Op): void {
  const all = targets(fragment);
  const pick = (at: number) => all[at % all.length]!;
  switch (change.kind) {
    case 'element': {
      const parent = pick(change.at);
      if (parent instanceof Y.XmlText) return;
      parent.insert(Math.min(change.at % 3, parent.length), [element(change.name, change.depth, change.attrs)]);
      return;
    }
    case 'text': {
      const target = pick(change.at);
      const text = target instanceof Y.XmlText ? target : target instanceof Y.XmlElement ? textIn(target) : null;
      if (text === null) return;
      const attributes = Object.fromEntries(change.marks.map((mark) => [mark, mark === 'link' ? { href: 'javascript:x' } : {}]));
      text.insert(Math.min(change.offset, text.length), change.text, attributes);
      return;
    }
    case 'attr': {
      const target = pick(change.at);
      if (target instanceof Y.XmlElement) target.setAttribute(change.name, change.value as string);
      return;
    }
    case 'delete': {
      const target = pick(change.at);
      if (target.length === 0) return;
      const offset = change.offset % target.length;
      target.delete(offset, Math.min(change.length, target.length - offset));
      return;
    }
    case 'embed': {
      const target = pick(change.at);
      if (target instanceof Y.XmlText) target.insertEmbed(0, { image: 'fuzz' });
      return;
    }
    case 'json': {
      const target = pick(change.at);
      if (!(target instanceof Y.XmlText)) (target as unknown as Y.Array<unknown>).insert(0, [{ fuzz: 1 }]);
      return;
    }
    case 'chain': {
      // Built one level at a time, as deep as an attacker likes (Yjs recurses on prelim trees).
      let current = new Y.XmlElement('blockquote');
      fragment.insert(fragment.length, [current]);
      for (let i = 1; i < change.depth; i++) {
        const inner = new Y.XmlElement('blockquote');
        current.insert(0, [inner]);
        current = inner;
      }
      return;
    }
    case 'block':
      fragment.insert(fragment.length, [newParagraph(change.text)]);
      return;
  }
}

// ── what must hold after every run ──────────────────────────────────────────

function liveFragment(): Y.XmlFragment {
  return room.server.ctx.rooms.open(room.id)!.fragment;
}

/**
 * Whether a run writes a lone surrogate. Yjs sends strings as UTF-8, so everyone else receives
 * U+FFFD, while the attacker's own copy keeps the half character; the next split of that text
 * on the attacker's side then replaces the character after it as well (Yjs takes a high
 * surrogate at a split for the first half of a pair). From then on the attacker's copy is its
 * own, not the room's: the run waits for the bystander, and the next run starts from a fresh
 * connection. (JSON.stringify writes a lone surrogate as an escape, a pair as itself.)
 */
function writesLoneSurrogate(changes: Op[]): boolean {
  return /\\ud[89a-f]/i.test(JSON.stringify(changes));
}
let attackerCopyIsOwn = false;

/** Whether the room's document has integrated every change `client` has made. */
function serverHoldsAllOf(client: TestClient): boolean {
  const own = client.doc.clientID;
  return Y.getState(room.server.ctx.rooms.open(room.id)!.doc.store, own) >= Y.getState(client.doc.store, own);
}

/**
 * A copy's text as comparable across the wire: Yjs sends strings as UTF-8, so a lone
 * surrogate the attacker typed reaches everyone else as U+FFFD while its own copy keeps it.
 */
function textOf(fragment: Y.XmlFragment): string {
  return fragment.toJSON().replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

async function expectHealthy(): Promise<void> {
  const live = room.server.ctx.rooms.open(room.id)!;
  const reference = live.fragment.toJSON();
  const holders = [bystander, ...(attacker.provider.wsconnected && !attackerCopyIsOwn ? [attacker] : [])];
  await waitFor(
    () => holders.every((client) => textOf(client.fragment) === textOf(liveFragment())),
    'every client to hold the server’s text',
    5_000,
  );

  // The editor's own loading, on a copy (y-tiptap deletes what it cannot build): nothing dropped.
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(live.doc));
  const fragment = copy.getXmlFragment('default');
  const count = fragment.length;
  const root = yXmlFragmentToProseMirrorRootNode(fragment, documentSchema);
  expect(fragment.length, `blocks dropped loading ${reference.slice(0, 300)}`).toBe(count);
  root.check();
  root.forEach((block) => {
    expect(blockProblem(block), `block ${block.attrs.id}`).toBeNull();
  });
  copy.destroy();

  const locked = (await blocks(room.url, room.id, room.invites.observer.token)).filter((b) => b.id === lockedId);
  expect(locked).toMatchObject([{ text: LOCKED_TEXT, locked: true }]);
  for (const format of EXPORT_FORMATS) {
    const response = await fetch(`${room.url}/api/documents/${room.id}/export?format=${format}&variant=marked`, {
      headers: { authorization: `Bearer ${room.invites.observer.token}` },
    });
    expect(response.status, `export ${format}`).toBe(200);
    await response.arrayBuffer();
  }
}

/**
 * One run's changes sent by the attacker (in one transaction or one each), settled: the server
 * has answered everything it sent, or closed it. A connection the last run's nesting closed
 * (4400) is replaced first.
 */
async function attack(changes: Op[], oneTransaction: boolean): Promise<void> {
  if (!attacker.provider.wsconnected || attackerCopyIsOwn) {
    attacker.destroy();
    attacker = await newAttacker();
    attackerCopyIsOwn = false;
  }
  attackerCopyIsOwn = writesLoneSurrogate(changes);
  const applyAll = () => {
    for (const change of changes) apply(attacker.fragment, change);
  };
  if (oneTransaction) attacker.doc.transact(applyAll);
  else applyAll();
  await waitFor(
    () =>
      !attacker.provider.wsconnected ||
      (attackerCopyIsOwn ? serverHoldsAllOf(attacker) : textOf(attacker.fragment) === textOf(liveFragment())),
    'the attacker to converge or be closed',
    5_000,
  );
}

it(
  `[I1] ${RUNS} runs of random and adversarial changes leave a document that loads, exports and agrees everywhere`,
  async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), fc.boolean(), async (changes, oneTransaction) => {
        await attack(changes, oneTransaction);
        await expectHealthy();
        // Keep the room small enough for the next runs: trim what the runs added.
        if (blockTexts(bystander.fragment).length > 40) {
          bystander.fragment.delete(2, bystander.fragment.length - 2);
          await waitFor(() => liveFragment().length <= 3, 'the trim to land');
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  },
  60_000 + RUNS * 3_000,
);

it(
  `[E1] in pen-holder mode, ${Math.ceil(RUNS / 2)} runs of random and adversarial changes from an expert leave every paragraph exactly as it was`,
  async () => {
    const setMode = (editMode: string) => api(room.url, 'PATCH', `/api/documents/${room.id}`, room.invites.adviser.token, { editMode });
    expect((await setMode('pen-holder')).status).toBe(200);
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), fc.boolean(), async (changes, oneTransaction) => {
          const before = await blocks(room.url, room.id, room.invites.observer.token);
          await attack(changes, oneTransaction);
          expect(await blocks(room.url, room.id, room.invites.observer.token)).toEqual(before);
          await expectHealthy();
        }),
        { numRuns: Math.ceil(RUNS / 2), seed: SEED, endOnFailure: true },
      );
    } finally {
      await setMode('open');
    }
  },
  60_000 + RUNS * 3_000,
);
