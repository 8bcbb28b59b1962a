/**
 * Simulated people as real editors connect: the stock y-websocket provider (Draftroom and
 * the stock server speak that protocol; Draftroom takes the invite token as `?token=`) and
 * HocuspocusProvider for Hocuspocus, which speaks its own framing. Node has no global
 * WebSocket, so both get `ws`.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider } from '@hocuspocus/provider';
import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { tokenFor, type Room } from './rooms.js';

process.setMaxListeners(0);

export interface SimClient {
  index: number;
  doc: Y.Doc;
  awareness: Awareness;
  /** performance.now() when the connection was started, and when the provider reported synced. */
  startedAt: number;
  syncedAt: number | null;
  /** Close codes the provider saw (4429 = Draftroom's rate limit), and when. */
  closeCodes: number[];
  closeTimes: number[];
  destroy(): void;
}

export function connectClient(room: Room, index: number, doc: Y.Doc = new Y.Doc()): SimClient {
  const startedAt = performance.now();
  const client: SimClient = {
    index,
    doc,
    awareness: null as unknown as Awareness,
    startedAt,
    syncedAt: null,
    closeCodes: [],
    closeTimes: [],
    destroy: () => {},
  };
  const markSynced = () => {
    if (client.syncedAt === null) client.syncedAt = performance.now();
  };
  if (room.server.kind === 'hocuspocus') {
    const provider = new HocuspocusProvider({
      url: room.server.wsBase,
      name: room.name,
      document: doc,
      token: 'bench',
      WebSocketPolyfill: WebSocket,
      onSynced: ({ state }) => {
        if (state) markSynced();
      },
      onClose: ({ event }) => {
        client.closeCodes.push(event.code);
        client.closeTimes.push(performance.now());
      },
    } as ConstructorParameters<typeof HocuspocusProvider>[0]);
    client.awareness = provider.awareness!;
    client.destroy = () => {
      provider.destroy();
      doc.destroy();
    };
  } else {
    const token = tokenFor(room, index);
    const provider = new WebsocketProvider(room.server.wsBase, room.name, doc, {
      params: token ? { token } : {},
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    provider.on('sync', (state: boolean) => {
      if (state) markSynced();
    });
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) {
        client.closeCodes.push(event.code);
        client.closeTimes.push(performance.now());
      }
    });
    client.awareness = provider.awareness;
    client.destroy = () => {
      provider.destroy();
      doc.destroy();
    };
  }
  return client;
}
