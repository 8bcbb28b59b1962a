/**
 * The workflow store's contract (server/store/Store.ts WorkflowStore), one suite run against
 * both engines: SQLite (SqliteWorkflowStore) and PostgreSQL (PostgresWorkflowStore). The
 * server reads the same answers from either, so every expectation here holds for both: the same
 * records, the same order, the same "false when already done", the same nulls. Each test has an
 * empty database of its own with two rooms in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Cosponsor, SilenceBreak } from '../../shared/workflow.js';
import { PostgresWorkflowStore } from '../../server/store/postgres/PostgresWorkflowStore.js';
import { SyncPostgres } from '../../server/store/postgres/SyncPostgres.js';
import { migratePostgres } from '../../server/store/postgres/postgresSchema.js';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import { SqliteWorkflowStore } from '../../server/store/SqliteWorkflowStore.js';
import type { NewAmendment, NewComment, NewRevision, NewSilence, WorkflowStore } from '../../server/store/Store.js';
import type { AmendmentRecord } from '../../server/workflow/records.js';
import { type TestPostgres, startPostgres } from '../helpers/postgres.js';

const ROOM = 'room-a';
const OTHER_ROOM = 'room-b';

/** An ISO instant in UTC, `minute` minutes into the session; they sort as text, as stored ones do. */
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();

interface OpenStore {
  workflow: WorkflowStore;
  close(): void;
}

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

const engines: Array<{ engine: string; open(): Promise<OpenStore> }> = [
  {
    engine: 'SQLite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'draftroom-workflow-'));
      const store = new SqliteStore(dir);
      for (const id of [ROOM, OTHER_ROOM]) store.createDocument({ id, title: id, createdAt: at(0) });
      return {
        workflow: new SqliteWorkflowStore(store.db),
        close() {
          store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    engine: 'PostgreSQL',
    async open() {
      const db = new SyncPostgres(await postgres.newDatabase());
      migratePostgres(db);
      for (const id of [ROOM, OTHER_ROOM]) db.query('INSERT INTO documents (id, title, created_at) VALUES ($1, $2, $3)', [id, id, at(0)]);
      return { workflow: new PostgresWorkflowStore(db), close: () => db.close() };
    },
  },
];

function newAmendment(change: Partial<NewAmendment> = {}): NewAmendment {
  return {
    docId: ROOM,
    blockId: 'p1',
    kind: 'replace',
    text: 'The Council shall meet twice a year.',
    proposerName: 'Anna Novak',
    proposerDelegation: 'Austria',
    createdAt: at(1),
    baseText: 'The Council meets once a year.',
    ...change,
  };
}

/** The record of an amendment just stored from `input`: pending, undecided. */
function pendingRecord(id: number, input: NewAmendment, cosponsors: Cosponsor[] = []): AmendmentRecord {
  return {
    ...input,
    id,
    mergedFrom: input.mergedFrom ?? null,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    mergedInto: null,
    textBefore: null,
    decisionReason: null,
    cosponsors,
  };
}

const cosponsor = (delegation: string, minute: number): Cosponsor => ({ delegation, byName: `Delegate of ${delegation}`, at: at(minute) });

function newComment(change: Partial<NewComment> = {}): NewComment {
  return {
    docId: ROOM,
    blockId: 'p1',
    parentId: null,
    authorName: 'Jean Dupont',
    authorDelegation: 'France',
    authorInviteId: 'invite-jean',
    text: 'Why twice?',
    createdAt: at(2),
    anchor: null,
    ...change,
  };
}

function newRevision(change: Partial<NewRevision> = {}): NewRevision {
  return {
    docId: ROOM,
    note: 'First reading',
    byName: 'Maria Rossi',
    createdAt: at(3),
    state: new Uint8Array([1, 0, 255, 7]),
    blocks: [{ id: 'p1', type: 'paragraph', text: 'The Council meets once a year.', number: 1, status: 'agreed', locked: true }],
    contentHash: 'hash-1',
    restoredFrom: null,
    ...change,
  };
}

function newSilence(change: Partial<NewSilence> = {}): NewSilence {
  return { docId: ROOM, blockId: 'p1', openedBy: 'Maria Rossi (Chairmanship)', openedAt: at(4), deadline: at(60), ...change };
}

const silenceBreak = (delegation: string, minute: number, reason = 'Needs instructions from the capital'): SilenceBreak => ({
  delegation,
  byName: `Delegate of ${delegation}`,
  reason,
  at: at(minute),
});

describe.each(engines)('WorkflowStore on $engine', ({ open }) => {
  let workflow: WorkflowStore;
  let close: () => void;
  beforeEach(async () => {
    ({ workflow, close } = await open());
  });
  afterEach(() => close());

  describe('amendments', () => {
    it('stores a new amendment as pending and undecided, with increasing ids', () => {
      const first = workflow.createAmendment(newAmendment());
      const addition = newAmendment({ kind: 'insert-after', text: 'A new paragraph.', baseText: null, createdAt: at(2) });
      const second = workflow.createAmendment(addition);

      expect(second).toBeGreaterThan(first);
      expect(workflow.getAmendment(ROOM, first)).toEqual(pendingRecord(first, newAmendment()));
      expect(workflow.getAmendment(ROOM, second)).toEqual(pendingRecord(second, addition));
    });

    it('keeps co-sponsors in order of time, and of adding at the same time', () => {
      const id = workflow.createAmendment(newAmendment(), [cosponsor('Germany', 5), cosponsor('France', 3)]);
      expect(workflow.addCosponsor(id, cosponsor('Italy', 3))).toBe(true);

      const inOrder = [cosponsor('France', 3), cosponsor('Italy', 3), cosponsor('Germany', 5)];
      expect(workflow.getAmendment(ROOM, id)!.cosponsors).toEqual(inOrder);
      expect(workflow.listAmendments(ROOM)[0]!.cosponsors).toEqual(inOrder);
    });

    it('adds a delegation as co-sponsor once, and takes it back once', () => {
      const id = workflow.createAmendment(newAmendment(), [cosponsor('France', 3), { ...cosponsor('France', 4), byName: 'Someone else' }]);
      expect(workflow.getAmendment(ROOM, id)!.cosponsors).toEqual([cosponsor('France', 3)]);

      expect(workflow.addCosponsor(id, cosponsor('France', 6))).toBe(false);
      expect(workflow.removeCosponsor(id, 'France')).toBe(true);
      expect(workflow.removeCosponsor(id, 'France')).toBe(false);
      expect(workflow.getAmendment(ROOM, id)!.cosponsors).toEqual([]);
      expect(workflow.addCosponsor(id, cosponsor('France', 7))).toBe(true);
      expect(workflow.getAmendment(ROOM, id)!.cosponsors).toEqual([cosponsor('France', 7)]);
    });

    it("lists a room's amendments oldest first, each with its own co-sponsors", () => {
      const first = workflow.createAmendment(newAmendment(), [cosponsor('Germany', 4)]);
      workflow.createAmendment(newAmendment({ docId: OTHER_ROOM }), [cosponsor('Spain', 2)]);
      const second = workflow.createAmendment(newAmendment({ blockId: 'p2', kind: 'delete', text: '' }), [
        cosponsor('Italy', 6),
        cosponsor('France', 5),
      ]);

      expect(workflow.listAmendments(ROOM)).toEqual([
        pendingRecord(first, newAmendment(), [cosponsor('Germany', 4)]),
        pendingRecord(second, newAmendment({ blockId: 'p2', kind: 'delete', text: '' }), [cosponsor('France', 5), cosponsor('Italy', 6)]),
      ]);
      expect(workflow.listAmendments(OTHER_ROOM)).toHaveLength(1);
    });

    it('counts the pending amendments to one paragraph of one room', () => {
      workflow.createAmendment(newAmendment());
      workflow.createAmendment(newAmendment());
      const decided = workflow.createAmendment(newAmendment());
      workflow.createAmendment(newAmendment({ blockId: 'p2' }));
      workflow.createAmendment(newAmendment({ docId: OTHER_ROOM }));
      workflow.decideAmendment(ROOM, decided, { status: 'rejected', decidedBy: 'Maria Rossi (Chairmanship)', decidedAt: at(9) });

      expect(workflow.countPendingAmendments(ROOM, 'p1')).toBe(2);
      expect(workflow.countPendingAmendments(ROOM, 'p2')).toBe(1);
      expect(workflow.countPendingAmendments(ROOM, 'p3')).toBe(0);
    });

    it('decides a pending amendment once; a second decision changes nothing', () => {
      const id = workflow.createAmendment(newAmendment());
      const accept = {
        status: 'accepted',
        decidedBy: 'Maria Rossi (Chairmanship)',
        decidedAt: at(9),
        textBefore: 'The Council meets once a year.',
      } as const;

      expect(workflow.decideAmendment(ROOM, id, accept)).toBe(true);
      expect(workflow.decideAmendment(ROOM, id, { status: 'rejected', decidedBy: 'Someone else', decidedAt: at(10), reason: 'No' })).toBe(
        false,
      );
      expect(workflow.getAmendment(ROOM, id)).toEqual({
        ...pendingRecord(id, newAmendment()),
        status: 'accepted',
        decidedBy: 'Maria Rossi (Chairmanship)',
        decidedAt: at(9),
        textBefore: 'The Council meets once a year.',
      });
    });

    it("keeps a rejection's reason, and null for a rejection without one", () => {
      const withReason = workflow.createAmendment(newAmendment());
      const without = workflow.createAmendment(newAmendment());
      workflow.decideAmendment(ROOM, withReason, { status: 'rejected', decidedBy: 'Chair', decidedAt: at(9), reason: 'Out of scope' });
      workflow.decideAmendment(ROOM, without, { status: 'rejected', decidedBy: 'Chair', decidedAt: at(9) });

      expect(workflow.getAmendment(ROOM, withReason)).toMatchObject({
        status: 'rejected',
        decisionReason: 'Out of scope',
        textBefore: null,
      });
      expect(workflow.getAmendment(ROOM, without)).toMatchObject({ status: 'rejected', decisionReason: null, mergedInto: null });
    });

    it('reopens an accepted or a rejected amendment as if undecided, and nothing else', () => {
      const accepted = workflow.createAmendment(newAmendment());
      const rejected = workflow.createAmendment(newAmendment());
      const pending = workflow.createAmendment(newAmendment());
      workflow.decideAmendment(ROOM, accepted, { status: 'accepted', decidedBy: 'Chair', decidedAt: at(9), textBefore: 'Before' });
      workflow.decideAmendment(ROOM, rejected, { status: 'rejected', decidedBy: 'Chair', decidedAt: at(9), reason: 'No' });

      expect(workflow.reopenAmendment(ROOM, accepted)).toBe(true);
      expect(workflow.reopenAmendment(ROOM, rejected)).toBe(true);
      expect(workflow.reopenAmendment(ROOM, pending)).toBe(false);
      expect(workflow.reopenAmendment(ROOM, accepted)).toBe(false);
      expect(workflow.getAmendment(ROOM, accepted)).toEqual(pendingRecord(accepted, newAmendment()));
      expect(workflow.getAmendment(ROOM, rejected)).toEqual(pendingRecord(rejected, newAmendment()));
    });

    it('merges two pending amendments into a new one, marking both merged into it', () => {
      const a = workflow.createAmendment(newAmendment(), [cosponsor('Germany', 2)]);
      const b = workflow.createAmendment(newAmendment({ proposerName: 'Jean Dupont', proposerDelegation: 'France' }));
      const merged = newAmendment({ text: 'The Council shall meet as needed.', createdAt: at(20) });

      const id = workflow.mergeAmendments(merged, [cosponsor('France', 20)], [a, b], 'Maria Rossi (Chairmanship)');

      expect(id).toBeGreaterThan(b);
      expect(workflow.getAmendment(ROOM, id)).toEqual(pendingRecord(id, { ...merged, mergedFrom: [a, b] }, [cosponsor('France', 20)]));
      for (const source of [a, b]) {
        expect(workflow.getAmendment(ROOM, source)).toMatchObject({
          status: 'merged',
          decidedBy: 'Maria Rossi (Chairmanship)',
          decidedAt: at(20),
          mergedInto: id,
          textBefore: null,
        });
      }
      expect(workflow.reopenAmendment(ROOM, a)).toBe(false);
    });

    it('merges nothing when a source is no longer pending, or is in another room', () => {
      const a = workflow.createAmendment(newAmendment());
      const decided = workflow.createAmendment(newAmendment());
      const elsewhere = workflow.createAmendment(newAmendment({ docId: OTHER_ROOM }));
      workflow.decideAmendment(ROOM, decided, { status: 'accepted', decidedBy: 'Chair', decidedAt: at(9) });
      const before = workflow.listAmendments(ROOM);

      expect(() => workflow.mergeAmendments(newAmendment(), [cosponsor('France', 20)], [a, decided], 'Chair')).toThrow(/not pending/);
      expect(() => workflow.mergeAmendments(newAmendment(), [], [a, elsewhere], 'Chair')).toThrow(/not pending/);

      expect(workflow.listAmendments(ROOM)).toEqual(before);
      expect(workflow.listAmendments(OTHER_ROOM)).toEqual([pendingRecord(elsewhere, newAmendment({ docId: OTHER_ROOM }))]);
      // The next amendment is numbered after every amendment that stands (PostgreSQL may skip the merge's number).
      expect(workflow.createAmendment(newAmendment())).toBeGreaterThan(elsewhere);
    });
  });

  describe('comments', () => {
    it('stores a comment on a paragraph as open, with increasing ids', () => {
      const first = workflow.createComment(newComment());
      const second = workflow.createComment(newComment({ text: 'Agreed.', authorInviteId: null }));

      expect(second).toBeGreaterThan(first);
      expect(workflow.getComment(ROOM, first)).toEqual({ ...newComment(), id: first, resolvedBy: null, resolvedAt: null });
      expect(workflow.getComment(ROOM, second)).toEqual({
        ...newComment({ text: 'Agreed.', authorInviteId: null }),
        id: second,
        resolvedBy: null,
        resolvedAt: null,
      });
    });

    it("keeps a phrase comment's anchor, and a reply's thread", () => {
      const anchor = { start: 'AQIDBA==', end: 'BQYHCA==', quote: 'twice a year' };
      const first = workflow.createComment(newComment({ anchor }));
      const reply = workflow.createComment(newComment({ parentId: first, text: 'Because of the budget.', createdAt: at(3) }));

      expect(workflow.getComment(ROOM, first)).toMatchObject({ anchor, parentId: null });
      expect(workflow.getComment(ROOM, reply)).toMatchObject({ anchor: null, parentId: first });
    });

    it("lists a room's comments oldest first, or one paragraph's", () => {
      const a = workflow.createComment(newComment());
      const b = workflow.createComment(newComment({ blockId: 'p2' }));
      const c = workflow.createComment(newComment({ parentId: a }));
      workflow.createComment(newComment({ docId: OTHER_ROOM }));

      expect(workflow.listComments(ROOM).map((comment) => comment.id)).toEqual([a, b, c]);
      expect(workflow.listComments(ROOM, 'p1').map((comment) => comment.id)).toEqual([a, c]);
      expect(workflow.listComments(ROOM, 'p3')).toEqual([]);
      expect(workflow.listComments(ROOM)[0]).toEqual(workflow.getComment(ROOM, a));
    });

    it("counts a paragraph's comments, replies and resolved ones included", () => {
      const first = workflow.createComment(newComment());
      workflow.createComment(newComment({ parentId: first }));
      workflow.createComment(newComment({ blockId: 'p2' }));
      workflow.createComment(newComment({ docId: OTHER_ROOM }));
      workflow.resolveComment(ROOM, first, 'Maria Rossi', at(9));

      expect(workflow.countComments(ROOM, 'p1')).toBe(2);
      expect(workflow.countComments(ROOM, 'p2')).toBe(1);
      expect(workflow.countComments(ROOM, 'p3')).toBe(0);
    });

    it('resolves a comment once; the first resolution stands', () => {
      const id = workflow.createComment(newComment());

      expect(workflow.resolveComment(ROOM, id, 'Maria Rossi', at(9))).toBe(true);
      expect(workflow.resolveComment(ROOM, id, 'Jean Dupont', at(10))).toBe(false);
      expect(workflow.getComment(ROOM, id)).toMatchObject({ resolvedBy: 'Maria Rossi', resolvedAt: at(9) });
    });
  });

  describe('revisions', () => {
    it('numbers revisions 1, 2, … in each room', () => {
      expect(workflow.createRevision(newRevision())).toBe(1);
      expect(workflow.createRevision(newRevision({ docId: OTHER_ROOM }))).toBe(1);
      expect(workflow.createRevision(newRevision({ note: 'Second reading' }))).toBe(2);
      expect(workflow.createRevision(newRevision({ restoredFrom: 1 }))).toBe(3);
    });

    it("keeps a revision's state bytes, blocks and content hash", () => {
      const revision = newRevision({ restoredFrom: null });
      workflow.createRevision(revision);
      const { docId: _docId, ...stored } = revision;

      expect(workflow.getRevision(ROOM, 1)).toEqual({ ...stored, n: 1, label: 'Rev.1' });
    });

    it('stores only the bytes of a state given as a view into a larger buffer', () => {
      const buffer = new Uint8Array([9, 9, 1, 2, 3, 9]);
      workflow.createRevision(newRevision({ state: buffer.subarray(2, 5) }));

      expect(workflow.getRevision(ROOM, 1)!.state).toEqual(new Uint8Array([1, 2, 3]));
    });

    it("lists a room's revisions in order, as summaries", () => {
      workflow.createRevision(newRevision());
      workflow.createRevision(newRevision({ docId: OTHER_ROOM }));
      workflow.createRevision(newRevision({ note: 'Restored', byName: 'Anna Novak', createdAt: at(30), restoredFrom: 1 }));

      expect(workflow.listRevisions(ROOM)).toEqual([
        { n: 1, label: 'Rev.1', note: 'First reading', byName: 'Maria Rossi', createdAt: at(3), restoredFrom: null },
        { n: 2, label: 'Rev.2', note: 'Restored', byName: 'Anna Novak', createdAt: at(30), restoredFrom: 1 },
      ]);
      expect(workflow.listRevisions('no-such-room')).toEqual([]);
    });

    it('has no revision before the first; the latest is the highest numbered', () => {
      expect(workflow.latestRevision(ROOM)).toBeNull();
      expect(workflow.getRevision(ROOM, 1)).toBeNull();

      workflow.createRevision(newRevision());
      workflow.createRevision(newRevision({ note: 'Second reading', state: new Uint8Array([42]), contentHash: 'hash-2' }));
      workflow.createRevision(newRevision({ docId: OTHER_ROOM, note: 'Elsewhere' }));

      expect(workflow.latestRevision(ROOM)).toEqual(workflow.getRevision(ROOM, 2));
      expect(workflow.latestRevision(ROOM)).toMatchObject({ n: 2, label: 'Rev.2', note: 'Second reading', state: new Uint8Array([42]) });
      expect(workflow.getRevision(ROOM, 3)).toBeNull();
    });
  });

  describe('the projector', () => {
    it('presents nothing until told', () => {
      expect(workflow.getPresenting(ROOM)).toEqual({ blockId: null, byName: null, at: null });
    });

    it('presents the latest paragraph set, in each room on its own', () => {
      workflow.setPresenting(ROOM, { blockId: 'p1', byName: 'Maria Rossi', at: at(5) });
      workflow.setPresenting(ROOM, { blockId: 'p2', byName: 'Anna Novak', at: at(6) });
      expect(workflow.getPresenting(ROOM)).toEqual({ blockId: 'p2', byName: 'Anna Novak', at: at(6) });
      expect(workflow.getPresenting(OTHER_ROOM)).toEqual({ blockId: null, byName: null, at: null });

      workflow.setPresenting(ROOM, { blockId: null, byName: 'Maria Rossi', at: at(7) });
      expect(workflow.getPresenting(ROOM)).toEqual({ blockId: null, byName: 'Maria Rossi', at: at(7) });
    });

    it('stores a missing name as empty and a missing time as now', () => {
      const before = new Date().toISOString();
      workflow.setPresenting(ROOM, { blockId: 'p1', byName: null, at: null });
      const presenting = workflow.getPresenting(ROOM);

      expect(presenting).toMatchObject({ blockId: 'p1', byName: '' });
      expect(presenting.at! >= before && presenting.at! <= new Date().toISOString()).toBe(true);
    });
  });

  describe('silence procedures', () => {
    it('stores a new procedure as open, with no breaks and increasing ids', () => {
      const first = workflow.createSilence(newSilence());
      const whole = workflow.createSilence(newSilence({ blockId: null }));

      expect(whole).toBeGreaterThan(first);
      expect(workflow.getSilence(ROOM, first)).toEqual({ ...newSilence(), id: first, outcome: 'open', endedAt: null, breaks: [] });
      expect(workflow.getSilence(ROOM, whole)).toEqual({
        ...newSilence({ blockId: null }),
        id: whole,
        outcome: 'open',
        endedAt: null,
        breaks: [],
      });
    });

    it("lists a room's procedures oldest first, ended ones included", () => {
      const a = workflow.createSilence(newSilence());
      workflow.createSilence(newSilence({ docId: OTHER_ROOM }));
      const b = workflow.createSilence(newSilence({ blockId: null, deadline: at(30) }));
      workflow.endSilence(a, 'adopted', at(60));

      expect(workflow.listSilences(ROOM)).toEqual([workflow.getSilence(ROOM, a), workflow.getSilence(ROOM, b)]);
      expect(workflow.listSilences(ROOM).map((silence) => silence.outcome)).toEqual(['adopted', 'open']);
    });

    it('finds the open procedure on a paragraph, or on the whole text', () => {
      const onParagraph = workflow.createSilence(newSilence());
      const onWhole = workflow.createSilence(newSilence({ blockId: null }));
      workflow.createSilence(newSilence({ docId: OTHER_ROOM, blockId: 'p2' }));

      expect(workflow.openSilenceOn(ROOM, 'p1')).toEqual(workflow.getSilence(ROOM, onParagraph));
      expect(workflow.openSilenceOn(ROOM, null)).toEqual(workflow.getSilence(ROOM, onWhole));
      expect(workflow.openSilenceOn(ROOM, 'p2')).toBeNull();
      expect(workflow.openSilenceOn(OTHER_ROOM, null)).toBeNull();

      workflow.endSilence(onWhole, 'broken', at(30));
      expect(workflow.openSilenceOn(ROOM, null)).toBeNull();
      expect(workflow.openSilenceOn(ROOM, 'p1')).not.toBeNull();
    });

    it('answers the open procedures due by now in every room, earliest deadline first', () => {
      const late = workflow.createSilence(newSilence({ deadline: at(50) }));
      const early = workflow.createSilence(newSilence({ docId: OTHER_ROOM, deadline: at(20) }));
      const sameAsLate = workflow.createSilence(newSilence({ blockId: null, deadline: at(50) }));
      workflow.createSilence(newSilence({ blockId: 'p2', deadline: at(51) }));
      const ended = workflow.createSilence(newSilence({ blockId: 'p3', deadline: at(10) }));
      workflow.endSilence(ended, 'adopted', at(10));

      expect(workflow.dueSilences(at(50)).map((silence) => silence.id)).toEqual([early, late, sameAsLate]);
      expect(workflow.dueSilences(at(50))[0]).toEqual(workflow.getSilence(OTHER_ROOM, early));
      expect(workflow.dueSilences(at(19))).toEqual([]);
    });

    it('gives the earliest deadline of any open procedure, or null', () => {
      expect(workflow.nextSilenceDeadline()).toBeNull();

      const earliest = workflow.createSilence(newSilence({ deadline: at(20) }));
      workflow.createSilence(newSilence({ docId: OTHER_ROOM, deadline: at(40) }));
      workflow.createSilence(newSilence({ blockId: null, deadline: at(30) }));
      expect(workflow.nextSilenceDeadline()).toBe(at(20));

      workflow.endSilence(earliest, 'adopted', at(20));
      expect(workflow.nextSilenceDeadline()).toBe(at(30));
    });

    it("records a delegation's break once, breaks in order of time", () => {
      const id = workflow.createSilence(newSilence());

      expect(workflow.addSilenceBreak(id, silenceBreak('France', 12))).toBe(true);
      expect(workflow.addSilenceBreak(id, silenceBreak('France', 13, 'Another reason'))).toBe(false);
      expect(workflow.addSilenceBreak(id, silenceBreak('Germany', 11))).toBe(true);
      expect(workflow.addSilenceBreak(id, silenceBreak('Italy', 12))).toBe(true);

      const breaks = [silenceBreak('Germany', 11), silenceBreak('France', 12), silenceBreak('Italy', 12)];
      expect(workflow.getSilence(ROOM, id)!.breaks).toEqual(breaks);
      expect(workflow.listSilences(ROOM)[0]!.breaks).toEqual(breaks);
      expect(workflow.openSilenceOn(ROOM, 'p1')!.breaks).toEqual(breaks);
      expect(workflow.dueSilences(at(60))[0]!.breaks).toEqual(breaks);
    });

    it('ends an open procedure once; the first outcome stands', () => {
      const id = workflow.createSilence(newSilence());

      expect(workflow.endSilence(id, 'broken', at(60))).toBe(true);
      expect(workflow.endSilence(id, 'adopted', at(61))).toBe(false);
      expect(workflow.getSilence(ROOM, id)).toMatchObject({ outcome: 'broken', endedAt: at(60) });
      expect(workflow.dueSilences(at(60))).toEqual([]);
    });
  });

  describe('rooms', () => {
    it('finds nothing by an id from another room, and changes nothing through one', () => {
      const amendment = workflow.createAmendment(newAmendment({ docId: OTHER_ROOM }));
      const comment = workflow.createComment(newComment({ docId: OTHER_ROOM }));
      const silence = workflow.createSilence(newSilence({ docId: OTHER_ROOM }));
      workflow.createRevision(newRevision({ docId: OTHER_ROOM }));

      expect(workflow.getAmendment(ROOM, amendment)).toBeNull();
      expect(workflow.decideAmendment(ROOM, amendment, { status: 'accepted', decidedBy: 'Chair', decidedAt: at(9) })).toBe(false);
      expect(workflow.reopenAmendment(ROOM, amendment)).toBe(false);
      expect(workflow.getComment(ROOM, comment)).toBeNull();
      expect(workflow.resolveComment(ROOM, comment, 'Chair', at(9))).toBe(false);
      expect(workflow.getSilence(ROOM, silence)).toBeNull();
      expect(workflow.getRevision(ROOM, 1)).toBeNull();
      expect(workflow.latestRevision(ROOM)).toBeNull();

      expect(workflow.getAmendment(OTHER_ROOM, amendment)).toMatchObject({ status: 'pending' });
      expect(workflow.getComment(OTHER_ROOM, comment)).toMatchObject({ resolvedAt: null });
    });

    it('finds nothing by an id or revision number no row can have', () => {
      workflow.createAmendment(newAmendment());
      workflow.createComment(newComment());
      workflow.createSilence(newSilence());
      workflow.createRevision(newRevision());

      for (const id of [0, -1, 1.5, Number.NaN, 2 ** 53, 1e20]) {
        expect(workflow.getAmendment(ROOM, id)).toBeNull();
        expect(workflow.decideAmendment(ROOM, id, { status: 'accepted', decidedBy: 'Chair', decidedAt: at(9) })).toBe(false);
        expect(workflow.reopenAmendment(ROOM, id)).toBe(false);
        expect(workflow.removeCosponsor(id, 'France')).toBe(false);
        expect(workflow.getComment(ROOM, id)).toBeNull();
        expect(workflow.resolveComment(ROOM, id, 'Chair', at(9))).toBe(false);
        expect(workflow.getSilence(ROOM, id)).toBeNull();
        expect(workflow.endSilence(id, 'adopted', at(9))).toBe(false);
      }
      for (const n of [0, 1.5, Number.NaN, 2 ** 31, 2 ** 53, 1e20]) expect(workflow.getRevision(ROOM, n)).toBeNull();
    });
  });
});
