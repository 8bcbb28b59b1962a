// @vitest-environment happy-dom
/**
 * "Show authors" says when each stretch was written (client/editor/authorHighlights.ts,
 * authorMarks.ts; PROTOCOL.md U1 and GET …/authors `since`): a person's run of text written
 * in two minutes is two spans, each titled with its own time, even where Yjs has merged the
 * characters into one item; and text written after the marks were asked for is reported, so
 * its minute can be asked about.
 */
import type { AnyExtension } from '@tiptap/core';
import { Editor } from '@tiptap/core';
import type Collaboration from '@tiptap/extension-collaboration';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BlockAttr, TEXT_FIELD } from '../../shared/blocks.js';
import { schemaExtensions } from '../../shared/schema.js';
import type { ClientAuthor } from '../../shared/workflow.js';

// Client modules import without file extensions (the client's bundler resolution): loaded at run time.
const CLIENT = '../../client';
let AuthorHighlights: AnyExtension;
let DraftCollaboration: typeof Collaboration;
let authorHighlightsKey: { getState(state: unknown): unknown };
let showAuthorsMeta: (authors: Map<number, unknown> | null) => unknown;
let textClocks: (state: unknown) => Map<number, number>;
let writtenSince: (state: unknown, clocks: Map<number, number>) => boolean;
let authorMarks: (authors: ClientAuthor[], serverLabel: string) => Map<number, unknown>;
let formatTime: (iso: string) => string;
let setRoomTimeZone: (zone: string) => void;
let i18next: { changeLanguage(language: string): Promise<unknown> };

beforeAll(async () => {
  ({ i18next } = await import(`${CLIENT}/i18n/index`));
  await i18next.changeLanguage('en');
  ({ AuthorHighlights, authorHighlightsKey, showAuthorsMeta, textClocks, writtenSince } = await import(
    `${CLIENT}/editor/authorHighlights`
  ));
  ({ authorMarks } = await import(`${CLIENT}/editor/authorMarks`));
  ({ DraftCollaboration } = await import(`${CLIENT}/editor/collaboration`));
  ({ formatTime, setRoomTimeZone } = await import(`${CLIENT}/i18n/formatTime`));
  setRoomTimeZone('Europe/Vienna');
});

const FIRST = 'The participants ';
const LATER = 'welcomed the report.';
let anna: Y.Doc;
let mine: Y.Doc;
let text: Y.XmlText;
/** Anna's clock where her later words begin. */
let laterClock: number;
let editor: Editor;

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'room');

beforeEach(async () => {
  anna = new Y.Doc();
  mine = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.setAttribute(BlockAttr.id, 'p1');
  text = new Y.XmlText();
  paragraph.insert(0, [text]);
  anna.getXmlFragment(TEXT_FIELD).insert(0, [paragraph]);
  text.insert(0, FIRST);
  laterClock = Y.getState(anna.store, anna.clientID);
  text.insert(FIRST.length, LATER); // minutes later, at the end: Yjs merges it into the same item
  sync(anna, mine);
  const element = document.createElement('div');
  document.body.append(element);
  editor = new Editor({
    element,
    extensions: [...schemaExtensions(), DraftCollaboration.configure({ document: mine, field: TEXT_FIELD }), AuthorHighlights],
  });
  await expect.poll(() => editor.view.dom.textContent).toBe(FIRST + LATER);
});

afterEach(() => {
  editor.destroy();
  document.body.replaceChildren();
});

const marked = () =>
  [...editor.view.dom.querySelectorAll<HTMLElement>('.author-span')].map((span) => [span.textContent, span.getAttribute('title')]);

/** Today in the room's zone at hh:mm, as the server writes `at`. */
function todayAt(hours: number, minutes: number): string {
  const now = new Date();
  now.setUTCHours(hours, minutes, 0, 0);
  return now.toISOString();
}

it('[U1] a run of one person’s text written in two minutes is two spans, each titled with the person and its time', () => {
  // One item of Anna's holds both minutes: the cut falls inside it.
  let items = 0;
  for (let item = text._start; item !== null; item = item.right) items += 1;
  expect(items).toBe(1);

  const early = todayAt(new Date().getUTCHours(), 0);
  const late = todayAt(new Date().getUTCHours(), 3);
  const authors: ClientAuthor[] = [
    {
      clientId: anna.clientID,
      name: 'Anna Novak',
      delegation: 'Austria',
      color: '#0096c3',
      since: [
        { clock: 0, at: early },
        { clock: laterClock, at: late },
      ],
    },
  ];
  editor.view.dispatch(editor.state.tr.setMeta(authorHighlightsKey as never, showAuthorsMeta(authorMarks(authors, 'Draftroom'))));
  expect(formatTime(early)).toMatch(/^\d\d:\d\d\b/);
  expect(marked()).toEqual([
    [FIRST, `Anna Novak (Austria), ${formatTime(early)}`],
    [LATER, `Anna Novak (Austria), ${formatTime(late)}`],
  ]);
  expect(formatTime(late)).not.toBe(formatTime(early));
});

it('[U1] one mark for the whole run is one span; an id the server sends no times for is titled by its name', () => {
  const one = new Map([[anna.clientID, { label: 'Anna Novak (Austria)', color: '#0096c3', times: [{ clock: 0, title: 'Anna, 10:00' }] }]]);
  editor.view.dispatch(editor.state.tr.setMeta(authorHighlightsKey as never, showAuthorsMeta(one)));
  expect(marked()).toEqual([[FIRST + LATER, 'Anna, 10:00']]);
  const none = new Map([[anna.clientID, { label: 'Anna Novak (Austria)', color: '#0096c3' }]]);
  editor.view.dispatch(editor.state.tr.setMeta(authorHighlightsKey as never, showAuthorsMeta(none)));
  expect(marked()).toEqual([[FIRST + LATER, 'Anna Novak (Austria)']]);
});

it('text written after the marks were asked for is reported, so that its minute is asked about', async () => {
  const clocks = textClocks(editor.state);
  expect(writtenSince(editor.state, clocks)).toBe(false);
  text.insert(0, 'All ');
  sync(anna, mine);
  await expect.poll(() => editor.view.dom.textContent).toBe(`All ${FIRST}${LATER}`);
  expect(writtenSince(editor.state, clocks)).toBe(true);
  expect(writtenSince(editor.state, textClocks(editor.state))).toBe(false);
});

describe('[U2] the marks a page holds, asked again only from the newest', () => {
  it('merges new ids whole and new marks of known ids, once each, and says where to ask from next', async () => {
    const { holdAuthors } = (await import(`${CLIENT}/editor/useShowAuthors`)) as {
      holdAuthors: (held: Map<number, ClientAuthor>, answer: ClientAuthor[], newest?: string) => string | undefined;
    };
    const anna = (since: ClientAuthor['since']): ClientAuthor => ({
      clientId: 1,
      name: 'Anna',
      delegation: 'Austria',
      color: '#123456',
      since,
    });
    const held = new Map<number, ClientAuthor>();
    let newest = holdAuthors(held, [anna([{ clock: 0, at: '2026-12-06T19:00:00.000Z' }])], undefined);
    expect(newest).toBe('2026-12-06T19:00:00.000Z');
    // The next answer repeats the mark made at the time asked from, and brings one more and a new id.
    newest = holdAuthors(
      held,
      [
        anna([
          { clock: 0, at: '2026-12-06T19:00:00.000Z' },
          { clock: 40, at: '2026-12-06T19:01:00.000Z' },
        ]),
        { clientId: 2, name: 'Jean', delegation: 'France', color: '#654321', since: [{ clock: 0, at: '2026-12-06T19:01:30.000Z' }] },
      ],
      newest,
    );
    expect(newest).toBe('2026-12-06T19:01:30.000Z');
    expect(held.get(1)!.since.map((m) => m.clock)).toEqual([0, 40]);
    expect(held.get(2)!.since.map((m) => m.clock)).toEqual([0]);
    // Nothing new: everything held stays.
    expect(holdAuthors(held, [anna([])], newest)).toBe(newest);
    expect(held.get(1)!.since.map((m) => m.clock)).toEqual([0, 40]);
  });
});
