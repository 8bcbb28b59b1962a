/** The SQLite schema, applied in order; each step runs once per database file. */
import type Database from 'better-sqlite3';

const STEPS: string[] = [
  `CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL REFERENCES documents(id), data BLOB NOT NULL);
   CREATE INDEX updates_by_doc ON updates (doc_id, seq);
   CREATE TABLE snapshots (doc_id TEXT PRIMARY KEY REFERENCES documents(id), data BLOB NOT NULL, upto_seq INTEGER NOT NULL);
   CREATE TABLE invites (
     id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), role TEXT NOT NULL,
     name TEXT, delegation TEXT, expires_at TEXT, created_at TEXT NOT NULL, revoked_at TEXT,
     first_used_at TEXT, last_used_at TEXT, uses INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX invites_by_doc ON invites (doc_id);
   CREATE TABLE lock_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL REFERENCES documents(id), block_id TEXT NOT NULL,
     action TEXT NOT NULL, by_name TEXT NOT NULL, by_delegation TEXT NOT NULL, at TEXT NOT NULL, text TEXT NOT NULL);
   CREATE INDEX lock_events_by_doc ON lock_events (doc_id, id);
   CREATE TABLE activity (
     id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL REFERENCES documents(id), kind TEXT NOT NULL,
     by_name TEXT NOT NULL, at TEXT NOT NULL, block_id TEXT, detail TEXT);
   CREATE INDEX activity_by_doc ON activity (doc_id, id);
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // The chair's workflow (issue 5): amendments and their co-sponsors, comments, readings, the projector.
  `CREATE TABLE amendments (
     id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL REFERENCES documents(id), block_id TEXT NOT NULL,
     kind TEXT NOT NULL, text TEXT NOT NULL, proposer_name TEXT NOT NULL, proposer_delegation TEXT NOT NULL,
     created_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', decided_by TEXT, decided_at TEXT,
     merged_into INTEGER REFERENCES amendments(id), merged_from TEXT, text_before TEXT);
   CREATE INDEX amendments_by_doc ON amendments (doc_id, id);
   CREATE TABLE amendment_cosponsors (
     amendment_id INTEGER NOT NULL REFERENCES amendments(id), delegation TEXT NOT NULL,
     by_name TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (amendment_id, delegation));
   CREATE TABLE comments (
     id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL REFERENCES documents(id), block_id TEXT NOT NULL,
     parent_id INTEGER REFERENCES comments(id), author_name TEXT NOT NULL, author_delegation TEXT NOT NULL,
     text TEXT NOT NULL, created_at TEXT NOT NULL, resolved_by TEXT, resolved_at TEXT);
   CREATE INDEX comments_by_doc ON comments (doc_id, id);
   CREATE TABLE revisions (
     doc_id TEXT NOT NULL REFERENCES documents(id), n INTEGER NOT NULL, note TEXT NOT NULL,
     by_name TEXT NOT NULL, created_at TEXT NOT NULL, state BLOB NOT NULL, blocks TEXT NOT NULL,
     content_hash TEXT NOT NULL, restored_from INTEGER, PRIMARY KEY (doc_id, n));
   CREATE TABLE presenting (
     doc_id TEXT PRIMARY KEY REFERENCES documents(id), block_id TEXT, by_name TEXT NOT NULL, at TEXT NOT NULL);`,
  // Issue 10: a comment remembers its author's invite (who may resolve it, C3); counts per
  // paragraph are indexed (H2); threads are flat (C2): every reply of a chain made before
  // now is moved under the chain's first comment.
  `ALTER TABLE comments ADD COLUMN author_invite_id TEXT;
   CREATE INDEX comments_by_block ON comments (doc_id, block_id);
   CREATE INDEX comments_by_parent ON comments (parent_id);
   CREATE INDEX amendments_by_block ON amendments (doc_id, block_id, status);
   CREATE TEMP TABLE comment_roots (id INTEGER PRIMARY KEY, root INTEGER NOT NULL);
   INSERT INTO comment_roots (id, root)
     WITH RECURSIVE chain(id, root) AS (
       SELECT id, id FROM comments WHERE parent_id IS NULL
       UNION ALL
       SELECT c.id, chain.root FROM comments c JOIN chain ON c.parent_id = chain.id)
     SELECT id, root FROM chain WHERE id <> root;
   UPDATE comments SET parent_id = (SELECT root FROM comment_roots r WHERE r.id = comments.id)
     WHERE id IN (SELECT id FROM comment_roots);
   DROP TABLE comment_roots;`,
  // Issue 12: a room's working language and time zone. Rooms made before worked in English;
  // their zone stays NULL, which reads as the server's default zone (ROOM_TIME_ZONE).
  `ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
   ALTER TABLE documents ADD COLUMN time_zone TEXT;`,
  // Issue 12: an invite may open the projector page only (a projector-only link, PROTOCOL.md P2).
  // NULL is an invite to the room, as every invite made before was.
  `ALTER TABLE invites ADD COLUMN scope TEXT;`,
  // Issue 14: an amendment remembers the paragraph's text it was proposed against, so an accept
  // can tell whether the paragraph changed since (M7). NULL for amendments made before, and
  // for additions, which replace nothing.
  `ALTER TABLE amendments ADD COLUMN base_text TEXT;`,
  // Issue 14: an unlock and a rejection keep the reason the moderator gave (M9). NULL for those
  // made before, and for any made without one.
  `ALTER TABLE lock_events ADD COLUMN reason TEXT;
   ALTER TABLE amendments ADD COLUMN decision_reason TEXT;`,
  // Issue 14: silence procedures (Q1–Q3) and the delegations that break them.
  `CREATE TABLE silence_procedures (
     id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL REFERENCES documents(id), block_id TEXT,
     opened_by TEXT NOT NULL, opened_at TEXT NOT NULL, deadline TEXT NOT NULL,
     outcome TEXT NOT NULL DEFAULT 'open', ended_at TEXT);
   CREATE INDEX silence_by_doc ON silence_procedures (doc_id, id);
   CREATE INDEX silence_open ON silence_procedures (outcome, deadline);
   CREATE TABLE silence_breaks (
     procedure_id INTEGER NOT NULL REFERENCES silence_procedures(id), delegation TEXT NOT NULL,
     by_name TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (procedure_id, delegation));`,
  // Issue 14: who each Yjs client id of a room belongs to, for authorship (U1). NULL invite: the server.
  `CREATE TABLE client_authors (
     doc_id TEXT NOT NULL REFERENCES documents(id), client_id INTEGER NOT NULL, invite_id TEXT,
     name TEXT NOT NULL, delegation TEXT NOT NULL, first_at TEXT NOT NULL, PRIMARY KEY (doc_id, client_id));`,
  // Issue 14: pen-holder mode (E1). Every room made before is open, as rooms were.
  `ALTER TABLE documents ADD COLUMN edit_mode TEXT NOT NULL DEFAULT 'open';`,
  // Issue 14: a comment on a phrase keeps where the phrase is and its words (C4), as JSON; NULL for a paragraph's.
  `ALTER TABLE comments ADD COLUMN anchor TEXT;`,
  // Issue 14: when each client id wrote (U2: a mark per minute of writing, clock from which it holds),
  // and who edited which paragraph when (U3: one row per person, paragraph and stretch of editing).
  `CREATE TABLE clock_times (
     doc_id TEXT NOT NULL REFERENCES documents(id), client_id INTEGER NOT NULL, clock INTEGER NOT NULL, at TEXT NOT NULL,
     PRIMARY KEY (doc_id, client_id, clock));
   CREATE TABLE edit_stretches (
     id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL REFERENCES documents(id), block_id TEXT NOT NULL,
     invite_id TEXT, name TEXT NOT NULL, delegation TEXT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL, changes INTEGER NOT NULL);
   CREATE INDEX edit_stretches_by_doc ON edit_stretches (doc_id, id);`,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let step = current; step < STEPS.length; step++) {
    db.transaction(() => {
      db.exec(STEPS[step]!);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}

/** The schema version this code writes (a database past it was written by a newer Draftroom). */
export function schemaVersion(): number {
  return STEPS.length;
}
