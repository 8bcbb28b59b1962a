/**
 * Who wrote under each Yjs client id of a room (PROTOCOL.md U1), kept in the store so that
 * every character's author (its item's client id) can be named after a restart and a
 * compaction: compaction keeps items and their ids. A person is recorded the first time they
 * write under a client id (the pipeline's claim, R3); the server under its own id when it first
 * writes (an accepted amendment, an undo). Written through the server's EditRecords (batched,
 * off the keystroke's path), which holds what the store refuses and tries it again.
 */
import type { EditRecords } from './EditRecords.js';
import type { Session } from './Session.js';

/** The name the server's own writes are credited to (a label no person may take, labels.ts). */
export const SERVER_AUTHOR = 'Draftroom';

export class ClientAuthors {
  private readonly recorded = new Set<number>();

  constructor(
    private readonly docId: string,
    private readonly records: EditRecords,
  ) {}

  /** `session`'s person writes under `clientId`. */
  note(clientId: number, session: Pick<Session, 'inviteId' | 'name' | 'delegation'>): void {
    this.record(clientId, session.inviteId, session.name, session.delegation);
  }

  /** The server writes under `clientId` (its document's own). */
  noteServer(clientId: number): void {
    this.record(clientId, null, SERVER_AUTHOR, '');
  }

  private record(clientId: number, inviteId: string | null, name: string, delegation: string): void {
    if (this.recorded.has(clientId)) return;
    this.records.author({ docId: this.docId, clientId, inviteId, name, delegation, firstAt: new Date().toISOString() });
    this.recorded.add(clientId);
  }
}
