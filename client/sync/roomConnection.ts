/**
 * One room's live connection: the Y.Doc, the stock y-websocket provider, the connection
 * state in words the header shows, presence from awareness, the server's notices (message
 * type 100), this person's unsynced work (kept on this computer, keptWork.ts) and the words
 * the server did not keep (notKept.ts). React reads it through `useSyncExternalStore`.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { TEXT_FIELD } from '../../shared/blocks';
import { CloseCode, ErrorCode, MessageType, type ServerNotice } from '../../shared/protocol';
import { isRole, type Role } from '../../shared/roles';
import { KeptWork, type KeptWhere } from './keptWork';
import { dismissedEntries } from './dismissedEntries';
import { NotKeptList } from './notKept';
import { forgetOthersPresenceClocks } from './presenceClocks';
import { watchRefusals } from './refusalWatch';

/** How long a dropped connection may retry before the header says "Offline". */
export const OFFLINE_AFTER_MS = 8_000;

/**
 * While connected, a change is confirmed by the server within milliseconds; the header says
 * a change is waiting only once it has waited this long (and re-renders nothing per keystroke).
 */
export const CONFIRM_GRACE_MS = 1_500;

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'ended';

export interface SessionEnd {
  code: number;
  reason: string;
  /** Changes made here that had not reached the server and never can (the copy was dropped), to say so. */
  lost: number;
}

export interface ConnectionState {
  phase: ConnectionPhase;
  /** Changes made in this browser that the server has not confirmed yet (PendingLedger). */
  pendingChanges: number;
  /** Where those changes are kept meanwhile: on this computer (the local copy), being saved there, or only in this tab. */
  keptWhere: KeptWhere;
  /** True once the first full sync has arrived (the editor waits for it). */
  everSynced: boolean;
  ended: SessionEnd | null;
  /**
   * True while reconnecting after the server closed with 1012 (it is restarting, PROTOCOL.md
   * D5): the header says so instead of an error. The provider reconnects by itself.
   */
  restarting: boolean;
}

/** A person in the room, from awareness (identity as the server rewrote it). */
export interface Person {
  clientId: number;
  name: string;
  delegation: string;
  /** True when the delegation is only what the person typed on a role link (PROTOCOL.md N2). */
  delegationSelfDeclared: boolean;
  role: Role | null;
  color: string;
  isSelf: boolean;
}

export interface RoomConnectionOptions {
  docId: string;
  token: string;
  name: string;
  delegation: string;
  color: string;
  role: Role;
  /**
   * False for a screen that only shows the text (the projector): it publishes no awareness
   * state, so it has no caret, no name, and no place in anyone's list of people.
   */
  presence?: boolean;
  /**
   * The IndexedDB name of this person's copy of the room (localCopy.ts localCopyName), for a
   * page that may edit; absent: nothing is kept on this computer.
   */
  localCopy?: string;
}

/** Close codes after which reconnecting cannot help: the session is over. */
function isTerminal(code: number): boolean {
  return (code >= 4400 && code < 4500) || code === CloseCode.messageTooBig;
}

/** Ends after which nothing kept on this computer can ever be sent: the invite is revoked or expired, or the room is gone. */
function endsTheCopy(code: number, reason: string): boolean {
  if (code === CloseCode.notFound) return true;
  return (code === CloseCode.forbidden || code === CloseCode.unauthenticated) && /REVOKED|EXPIRED/.test(reason);
}

export class RoomConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** This person's words the server did not keep, until they dismiss them. */
  readonly notKept: NotKeptList;
  private readonly kept: KeptWork;
  private state: ConnectionState = {
    phase: 'connecting',
    pendingChanges: 0,
    keptWhere: 'tab',
    everSynced: false,
    ended: null,
    restarting: false,
  };
  private people: Person[] = [];
  private peopleSignature = '';
  private readonly stateListeners = new Set<() => void>();
  private readonly peopleListeners = new Set<() => void>();
  private readonly noticeListeners = new Set<(notice: ServerNotice) => void>();
  private disconnectedSince: number | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingTimer: ReturnType<typeof setTimeout> | null = null;
  private stopWatchingRefusals: () => void = () => undefined;
  private destroyed = false;

  constructor(private readonly options: RoomConnectionOptions) {
    const wsBase = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`;
    this.kept = new KeptWork(this.doc, options.localCopy ?? null, this.refreshPending);
    this.notKept = new NotKeptList((entries) => this.kept.saveNotKept(entries), dismissedEntries(options.localCopy ?? null));
    this.provider = new WebsocketProvider(wsBase, options.docId, this.doc, {
      params: { token: options.token, name: options.name, delegation: options.delegation },
      // Every tab talks to the server only: a BroadcastChannel would let tabs sync around
      // the server's checks (a revoked tab would keep receiving from a sibling tab).
      disableBc: true,
      // The local copy loads first, so the first sync already carries what it holds.
      connect: false,
    });
    this.provider.messageHandlers[MessageType.notice] = (_encoder, decoder) => {
      this.receiveNotice(decoding.readVarString(decoder));
    };
    // The server's sync messages also tell which of this page's changes it holds.
    const readSync = this.provider.messageHandlers[MessageType.sync]!;
    this.provider.messageHandlers[MessageType.sync] = (encoder, decoder, provider, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      readSync(encoder, decoder, provider, emitSynced, messageType);
      this.kept.noteServer(decoding.readVarUint(peek), decoding.readVarUint8Array(peek));
    };
    // The server echoes our own presence back with the colour and namesake number it gave us
    // in this room (PROTOCOL.md R2, R4): we show ourselves as everyone else sees us.
    const readAwareness = this.provider.messageHandlers[MessageType.awareness]!;
    this.provider.messageHandlers[MessageType.awareness] = (encoder, decoder, provider, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      readAwareness(encoder, decoder, provider, emitSynced, messageType);
      this.adoptServerIdentity(decoding.readVarUint8Array(peek));
    };
    if (options.presence === false) {
      // Cleared before the socket opens, so the provider never sends a state for this client.
      this.provider.awareness.setLocalState(null);
    } else {
      this.provider.awareness.setLocalStateField('user', {
        name: options.name,
        delegation: options.delegation,
        color: options.color,
      });
    }
    this.provider.on('status', ({ status }) => {
      if (status === 'disconnected') forgetOthersPresenceClocks(this.provider.awareness);
      this.refresh();
    });
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onClose);
    this.provider.awareness.on('change', this.refreshPeople);
    this.doc.on('update', this.onDocUpdate);
    window.addEventListener('online', this.refresh);
    window.addEventListener('offline', this.refresh);
    this.refreshPeople();
    void this.kept.load().then((notKept) => {
      if (this.destroyed) return;
      this.notKept.restore(notKept);
      this.stopWatchingRefusals = watchRefusals(
        this.doc,
        this.doc.getXmlFragment(TEXT_FIELD),
        this.provider,
        this.kept.ownClients,
        (found) => this.notKept.add({ ...found, reason: ErrorCode.locked }),
      );
      this.provider.connect();
    });
  }

  /* ---- state for React ---- */

  subscribe = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  getState = (): ConnectionState => this.state;

  subscribePeople = (listener: () => void): (() => void) => {
    this.peopleListeners.add(listener);
    return () => this.peopleListeners.delete(listener);
  };

  getPeople = (): Person[] => this.people;

  /** Listens to server notices (refusals, room events). */
  onNotice(listener: (notice: ServerNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  get role(): Role {
    return this.options.role;
  }

  destroy(): void {
    this.destroyed = true;
    window.removeEventListener('online', this.refresh);
    window.removeEventListener('offline', this.refresh);
    window.removeEventListener('beforeunload', this.warnBeforeLeaving);
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.stopWatchingRefusals();
    this.kept.close();
    this.doc.off('update', this.onDocUpdate);
    this.provider.awareness.off('change', this.refreshPeople);
    this.provider.destroy();
    this.doc.destroy();
  }

  /* ---- internals ---- */

  /** Connected and synced, so a local change leaves at once. The browser's offline flag
   * wins: an open socket on a dead network may take a while to notice. */
  private get inSync(): boolean {
    return navigator.onLine && this.provider.wsconnected && this.provider.synced;
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider || origin === this.kept.copyOrigin) return;
    this.kept.noteLocal(update);
  };

  private onSync = (synced: boolean): void => {
    if (synced) this.set({ everSynced: true });
    this.refresh();
  };

  /**
   * Publishes the number of waiting changes. While in sync, a new wait is published only
   * once it has lasted CONFIRM_GRACE_MS (the echo usually comes first); offline at once.
   */
  private refreshPending = (): void => {
    const waiting = this.kept.waiting;
    if (waiting > 0) window.addEventListener('beforeunload', this.warnBeforeLeaving);
    else window.removeEventListener('beforeunload', this.warnBeforeLeaving);
    if (waiting > 0 && this.state.pendingChanges === 0 && this.inSync) {
      this.pendingTimer ??= setTimeout(() => {
        this.pendingTimer = null;
        this.set({ pendingChanges: this.kept.waiting, keptWhere: this.kept.where });
      }, CONFIRM_GRACE_MS);
      return;
    }
    if (waiting === 0 && this.pendingTimer) {
      clearTimeout(this.pendingTimer);
      this.pendingTimer = null;
    }
    this.set({ pendingChanges: waiting, keptWhere: this.kept.where });
  };

  /** Asks before the tab closes or reloads while changes wait for the server (registered only then). */
  private warnBeforeLeaving = (event: BeforeUnloadEvent): void => {
    if (this.kept.waiting === 0) return;
    event.preventDefault();
    // Older browsers show the dialog only when returnValue is set.
    event.returnValue = '';
  };

  private onClose = (event: CloseEvent | null): void => {
    if (event?.code === CloseCode.serviceRestart) {
      this.set({ restarting: true });
      return;
    }
    if (!event || !isTerminal(event.code)) {
      this.refresh();
      return;
    }
    // The server decided: no reconnect (the stock provider stops on 44xx; we stop on 1009 too).
    this.provider.shouldConnect = false;
    let lost = 0;
    if (endsTheCopy(event.code, event.reason)) {
      // Nothing kept here could ever be sent: say what is lost, then drop the copy.
      lost = this.kept.waiting;
      void this.kept.drop();
    }
    this.set({ ended: { code: event.code, reason: event.reason, lost } });
  };

  private receiveNotice(json: string): void {
    let notice: ServerNotice;
    try {
      notice = JSON.parse(json) as ServerNotice;
    } catch {
      return;
    }
    if (notice.type === 'refused' && notice.refusedText !== undefined) {
      this.notKept.add({
        blockId: notice.blockId ?? null,
        blockNumber: notice.blockNumber ?? null,
        reason: notice.reason,
        lockedBy: notice.lockedBy ?? null,
        text: notice.refusedText,
      });
    }
    for (const listener of this.noticeListeners) listener(notice);
  }

  private refresh = (): void => {
    this.set({});
  };

  private set(patch: Partial<ConnectionState>): void {
    const next = { ...this.state, ...patch };
    next.phase = this.phaseOf(next);
    if (next.phase === 'connected' || next.phase === 'ended') next.restarting = false;
    const same =
      next.phase === this.state.phase &&
      next.pendingChanges === this.state.pendingChanges &&
      next.keptWhere === this.state.keptWhere &&
      next.everSynced === this.state.everSynced &&
      next.ended === this.state.ended &&
      next.restarting === this.state.restarting;
    if (same) return;
    this.state = next;
    for (const listener of this.stateListeners) listener();
  }

  private phaseOf(state: ConnectionState): ConnectionPhase {
    if (state.ended) return 'ended';
    if (!navigator.onLine) return 'offline';
    if (this.inSync) {
      this.disconnectedSince = null;
      if (this.offlineTimer) clearTimeout(this.offlineTimer);
      this.offlineTimer = null;
      return 'connected';
    }
    if (!state.everSynced) return 'connecting';
    if (this.disconnectedSince === null) {
      this.disconnectedSince = Date.now();
      this.offlineTimer = setTimeout(this.refresh, OFFLINE_AFTER_MS + 50);
    }
    return Date.now() - this.disconnectedSince >= OFFLINE_AFTER_MS ? 'offline' : 'reconnecting';
  }

  /**
   * Takes the identity the server stamped on our own entry in an awareness update (colour,
   * namesake number, a delegation marked as self-declared) when it differs from ours: our own
   * line in the list then reads as everyone else's view of us, and we publish it as the server
   * has it, so its next echo changes nothing.
   */
  private adoptServerIdentity(update: Uint8Array): void {
    const awareness = this.provider.awareness;
    const local = awareness.getLocalState() as { user?: Record<string, unknown> } | null;
    if (!local?.user) return;
    let stamped: Record<string, unknown> | undefined;
    try {
      const decoder = decoding.createDecoder(update);
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder);
        decoding.readVarUint(decoder);
        const json = decoding.readVarString(decoder);
        if (clientId === awareness.clientID) stamped = (JSON.parse(json) as { user?: Record<string, unknown> } | null)?.user;
      }
    } catch {
      return;
    }
    if (!stamped || typeof stamped.name !== 'string' || typeof stamped.color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(stamped.color))
      return;
    if (JSON.stringify(stamped) === JSON.stringify(local.user)) return;
    awareness.setLocalStateField('user', stamped);
  }

  private refreshPeople = (): void => {
    const selfId = this.doc.clientID;
    const people: Person[] = [];
    this.provider.awareness.getStates().forEach((state, clientId) => {
      const user = (state as { user?: Record<string, unknown> }).user;
      if (!user || typeof user.name !== 'string') return;
      const isSelf = clientId === selfId;
      people.push({
        clientId,
        name: user.name,
        delegation: typeof user.delegation === 'string' ? user.delegation : '',
        delegationSelfDeclared: user.delegationSelfDeclared === true,
        role: isSelf ? this.options.role : isRole(user.role) ? user.role : null,
        color: typeof user.color === 'string' ? user.color : '#777777',
        isSelf,
      });
    });
    people.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
    // Awareness changes on every caret move; only a change of who is here re-renders.
    const signature = people
      .map((p) => `${p.clientId}|${p.name}|${p.delegation}|${p.delegationSelfDeclared}|${p.role}|${p.color}`)
      .join('\n');
    if (signature === this.peopleSignature) return;
    this.peopleSignature = signature;
    this.people = people;
    for (const listener of this.peopleListeners) listener();
  };
}
