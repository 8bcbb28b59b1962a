/**
 * One room's live connection: the Y.Doc, the stock y-websocket provider, the connection
 * state in words the header shows, presence from awareness, and the server's notices
 * (message type 100). React reads it through `useSyncExternalStore`.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, MessageType, describeClose, type ServerNotice } from '../../shared/protocol';
import { isRole, type Role } from '../../shared/roles';

/** How long a dropped connection may retry before the header says "Offline". */
export const OFFLINE_AFTER_MS = 8_000;

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'ended';

export interface SessionEnd {
  code: number;
  reason: string;
  message: string;
}

export interface ConnectionState {
  phase: ConnectionPhase;
  /** Local changes made since the last time this client was synced with the server. */
  pendingChanges: number;
  /** True once the first full sync has arrived (the editor waits for it). */
  everSynced: boolean;
  ended: SessionEnd | null;
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
}

/** Close codes after which reconnecting cannot help: the session is over. */
function isTerminal(code: number): boolean {
  return (code >= 4400 && code < 4500) || code === CloseCode.messageTooBig;
}

export class RoomConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private state: ConnectionState = { phase: 'connecting', pendingChanges: 0, everSynced: false, ended: null };
  private people: Person[] = [];
  private peopleSignature = '';
  private readonly stateListeners = new Set<() => void>();
  private readonly peopleListeners = new Set<() => void>();
  private readonly noticeListeners = new Set<(notice: ServerNotice) => void>();
  private disconnectedSince: number | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: RoomConnectionOptions) {
    const wsBase = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`;
    this.provider = new WebsocketProvider(wsBase, options.docId, this.doc, {
      params: { token: options.token, name: options.name, delegation: options.delegation },
      // Every tab talks to the server only: a BroadcastChannel would let tabs sync around
      // the server's checks (a revoked tab would keep receiving from a sibling tab).
      disableBc: true,
    });
    this.provider.messageHandlers[MessageType.notice] = (_encoder, decoder) => {
      this.receiveNotice(decoding.readVarString(decoder));
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
    this.provider.on('status', this.refresh);
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onClose);
    this.provider.awareness.on('change', this.refreshPeople);
    this.doc.on('update', this.onDocUpdate);
    window.addEventListener('online', this.refresh);
    window.addEventListener('offline', this.refresh);
    this.refreshPeople();
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
    window.removeEventListener('online', this.refresh);
    window.removeEventListener('offline', this.refresh);
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
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

  private onDocUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider || this.inSync) return;
    this.set({ pendingChanges: this.state.pendingChanges + 1 });
  };

  private onSync = (synced: boolean): void => {
    if (synced) this.set({ pendingChanges: 0, everSynced: true });
    this.refresh();
  };

  private onClose = (event: CloseEvent | null): void => {
    if (!event || !isTerminal(event.code)) {
      this.refresh();
      return;
    }
    // The server decided: no reconnect (the stock provider stops on 44xx; we stop on 1009 too).
    this.provider.shouldConnect = false;
    this.set({ ended: { code: event.code, reason: event.reason, message: describeClose(event.code, event.reason) } });
  };

  private receiveNotice(json: string): void {
    let notice: ServerNotice;
    try {
      notice = JSON.parse(json) as ServerNotice;
    } catch {
      return;
    }
    for (const listener of this.noticeListeners) listener(notice);
  }

  private refresh = (): void => {
    // Back online over a socket that stayed open: what was typed meanwhile is on its way.
    if (this.inSync && this.state.pendingChanges > 0) this.set({ pendingChanges: 0 });
    else this.set({});
  };

  private set(patch: Partial<ConnectionState>): void {
    const next = { ...this.state, ...patch };
    next.phase = this.phaseOf(next);
    const same =
      next.phase === this.state.phase &&
      next.pendingChanges === this.state.pendingChanges &&
      next.everSynced === this.state.everSynced &&
      next.ended === this.state.ended;
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
    const signature = people.map((p) => `${p.clientId}|${p.name}|${p.delegation}|${p.delegationSelfDeclared}|${p.role}|${p.color}`).join('\n');
    if (signature === this.peopleSignature) return;
    this.peopleSignature = signature;
    this.people = people;
    for (const listener of this.peopleListeners) listener();
  };
}
