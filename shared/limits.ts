/** Limits shared by client and server. Each carries its unit in its name. */

/** Largest websocket frame the server accepts; larger frames close the socket with 1009. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/**
 * Frames of any kind one connection may send per window before it is closed with 4429: a
 * flood guard only. It is high because the stock y-websocket provider (ours too) re-sends
 * every presence update it receives, so in a busy room each client sends about as many
 * frames as it receives.
 */
export const MAX_MESSAGES_PER_WINDOW = 6_000;
/** Document updates one connection may send per window (a fast typist sends ~10 a second). */
export const MAX_UPDATES_PER_WINDOW = 1_200;
/**
 * Presence updates of its own one connection may publish per window (carets move on every
 * keystroke). Echoes of other people's presence do not count.
 */
export const MAX_AWARENESS_PER_WINDOW = 400;
/**
 * What the server may write back per window for one connection's refused changes (L9), in Yjs
 * clock units (about one per character): a refused change costs the server the paragraphs it
 * puts back, so deleting every agreed paragraph (or, in pen-holder mode, the whole text) over
 * and over would make it rewrite and send them to everyone each time. An offline copy coming
 * back with changes to a hundred paragraphs locked meanwhile stays well within it.
 */
export const MAX_RESTORED_PER_WINDOW = 200_000;
/**
 * Presence (carets, names) leaves a room at most once per this interval; changes within it
 * go out together. Ten typists move ten carets five times a second: one frame per interval
 * instead of one per caret, and stock providers, which echo every presence frame they
 * receive, echo that much less. Text never waits for it.
 */
export const PRESENCE_BROADCAST_INTERVAL_MS = 50;
/**
 * A connection that is sent nobody's presence (a projector, P6) gets an empty awareness frame
 * this often, so a stock y-websocket client, which reconnects after 30 s without any message,
 * stays connected in a quiet room. Half the provider's 30 s, as presence renews itself.
 */
export const QUIET_KEEPALIVE_MS = 15_000;
/** Length of the rate-limit window. */
export const RATE_WINDOW_MS = 10_000;
/** Open websocket connections one named invite may hold at once (a person with a few tabs). */
export const MAX_CONNECTIONS_PER_TOKEN = 8;
/**
 * Open websocket connections one role link (an invite without a name) may hold at once: the
 * chair sends it to a whole room of 120+ people, often behind one venue NAT.
 */
export const MAX_CONNECTIONS_PER_ROLE_LINK = 500;
/** Largest awareness state (JSON) one client may publish; a caret and a name take a few hundred bytes. */
export const MAX_AWARENESS_STATE_BYTES = 4 * 1024;
/**
 * Presence client ids one connection may publish: a tab has one. States under further ids
 * are refused and never relayed, so one socket cannot fill every screen with phantoms.
 */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;
/**
 * Yjs client ids one connection may write under: a tab writes under one, and a copy kept
 * offline across reloads brings one more per reload. Past it the connection is closed (4403),
 * so one socket cannot mint ids (each one a record of its author, U1) without end.
 */
export const MAX_WRITING_CLIENTS_PER_CONNECTION = 64;

/**
 * Deepest nesting of elements in a block, the block itself counting 1: a list item's
 * paragraph in a list is 3; a quote holding a list three levels deep is 8. Deeper blocks
 * are refused (E_INVALID): every state the server holds must open in the editor and export.
 */
export const MAX_BLOCK_DEPTH = 12;
/**
 * Nesting an update may build, counted from the elements the room has: beyond it the frame
 * is not even applied (4400). No editor sends this; recursion in Yjs and ProseMirror would
 * fail on it long before a schema check could refuse it.
 */
export const MAX_UPDATE_NESTING = 64;
/** Largest block, in characters (its text plus one per element): a long paragraph is about 2,000. */
export const MAX_BLOCK_CHARS = 20_000;
/** Largest document, in characters as above: a long text is about 200 paragraphs of 2,000. */
export const MAX_DOCUMENT_CHARS = 2_000_000;
/** Most top-level blocks a document may hold. */
export const MAX_BLOCKS = 5_000;
/** Longest value of a block attribute (an id, a lock label), in characters. */
export const MAX_ATTRIBUTE_CHARS = 200;

/** Largest document title, in characters. */
export const MAX_TITLE_CHARS = 200;
/** Largest display name or delegation, in characters. */
export const MAX_NAME_CHARS = 80;

/** How long a room stays loaded after its last connection leaves. */
export const ROOM_UNLOAD_DELAY_MS = 2_000;
/** Update-log length after which the store compacts the log into a snapshot. */
export const COMPACT_AFTER_UPDATES = 500;
/** How often open sessions are re-checked for revoked or expired invites. */
export const SESSION_RECHECK_MS = 500;

/** Longest amendment text, in characters (a long paragraph is ~2,000). */
export const MAX_AMENDMENT_CHARS = 10_000;
/** Longest comment, in characters. */
export const MAX_COMMENT_CHARS = 4_000;
/** Longest phrase a comment may sit on (C4), in characters: a sentence or two; past it, comment on the paragraph. */
export const MAX_ANCHOR_QUOTE_CHARS = 500;
/** Longest encoded position of a phrase comment's anchor (C4): an encoded Yjs relative position is a few dozen base64 characters. */
export const MAX_ANCHOR_POSITION_CHARS = 200;
/** Longest revision note, in characters. */
export const MAX_REVISION_NOTE_CHARS = 500;
/** Largest draft a room may be made from (I6), in bytes: a 60-page Word draft with its styles is well under 2 MB. */
export const MAX_DRAFT_BYTES = 5 * 1024 * 1024;
/** Latest deadline of a silence procedure (Q1), from its opening: a month covers any written procedure between meetings. */
export const MAX_SILENCE_DAYS = 31;
/** Longest reason for an unlock or a rejection (M9), in characters after cleaning: a sentence or two for the record. */
export const MAX_DECISION_REASON_CHARS = 500;

// ── writes over HTTP and what a paragraph may hold (issue 10) ───────────────

/**
 * Writes over HTTP (every POST, PUT, PATCH and DELETE under /api) one person may make at
 * once: a named invite, or one name on a role link. Past it they refill at
 * HTTP_WRITES_PER_MINUTE and further writes get 429 with Retry-After. An adviser issuing 60
 * invites in a row, or a moderator clicking through a dozen paragraphs, stays well inside.
 */
export const HTTP_WRITE_BURST = 120;
/** Writes per minute one person may sustain once their burst is spent (one a second). */
export const HTTP_WRITES_PER_MINUTE = 60;
/**
 * A role link is shared by a whole hall (and its names are the holders' own word): besides
 * each name's own allowance, everyone on one role link together gets this many times a
 * person's burst and rate. The admin token (the operator's scripts) gets the same factor.
 */
export const SHARED_TOKEN_WRITE_FACTOR = 10;
/** Rooms one adviser token may create at once; the admin token gets SHARED_TOKEN_WRITE_FACTOR times as many. */
export const ROOM_CREATION_BURST = 20;
/** Rooms one adviser token may create per hour once its burst is spent (admin: times SHARED_TOKEN_WRITE_FACTOR). */
export const ROOMS_PER_HOUR = 20;
/** Write allowances the server keeps in memory at most; full (idle) ones are dropped first, then the oldest. */
export const MAX_WRITE_BUCKETS = 50_000;

/**
 * Comments, first comments and replies alike, resolved or not, one paragraph may hold. A
 * heated paragraph gets a few dozen; 400 of 4,000 characters are 1.6 MB.
 */
export const MAX_COMMENTS_PER_BLOCK = 400;
/** Pending amendments one paragraph may hold (57 participating States, each with one or two). */
export const MAX_PENDING_AMENDMENTS_PER_BLOCK = 100;

// ── labels and invites for the delegations (issue 10, PROTOCOL.md N1 and N3) ─

/**
 * Longest name, delegation or title a request may carry before cleaning: invisible
 * characters are taken out first, then the label's own bound (MAX_NAME_CHARS,
 * MAX_TITLE_CHARS) applies to what is left.
 */
export const MAX_LABEL_INPUT_CHARS = 1_000;
/** Non-empty lines one pasted invite list may hold: the 57 participating States, partners and organisations fit with room to spare. */
export const MAX_INVITE_BATCH_LINES = 200;

// ── exports (issue 10, PROTOCOL.md X4) ──────────────────────────────────────

/**
 * Exports that may wait for the export worker besides the one it renders; past it an export
 * is refused with 503 (E_RATE_LIMITED) and Retry-After. Requests for the same file of the same text
 * share one place and one rendering.
 */
export const MAX_EXPORTS_WAITING = 16;
/** Of the waiting exports, how many may be one room's, so that one room cannot hold up the others. */
export const MAX_EXPORTS_WAITING_PER_ROOM = 4;
/** Longest an export may render before it is stopped (a room at the document cap takes about 2 s as PDF). */
export const EXPORT_TIMEOUT_MS = 30_000;
/** Heap of the export worker: a room at the document cap needs about 100 MB; past it the worker stops, failing only its export. */
export const EXPORT_WORKER_HEAP_MB = 512;
/** The export worker ends after this long without an export, giving back its memory; the next export starts it again. */
export const EXPORT_WORKER_IDLE_MS = 5 * 60_000;

// ── the cost of a diff (issue 10, M5) ───────────────────────────────────────

/**
 * Edits (words inserted or removed; sentences, in the coarser pass) past which a diff for
 * people to read stops searching and falls back to a coarser one marked `coarse`, and past
 * which the server applies an accepted amendment as one replacement of the changed middle
 * instead of word by word. The search costs about the square of this (~5–10 ms at 200 on
 * a busy core), whatever the texts: about 100 changed words are still marked word by word.
 */
export const MAX_DIFF_EDIT_TOKENS = 200;

/** While a room cannot save (F1), how often it tries again by itself. */
export const SAVE_RETRY_MS = 2_000;
