/** Prometheus metrics (prom-client), served at GET /metrics to the admin. */
import client from 'prom-client';
import type { RoomMetrics } from './collab/RoomMetrics.js';

export class ServerMetrics implements RoomMetrics {
  readonly registry = new client.Registry();
  private readonly connections = new client.Gauge({
    name: 'draftroom_connections',
    help: 'Open websocket connections',
    registers: [this.registry],
  });
  private readonly relayedSockets = new client.Gauge({
    name: 'draftroom_relayed_connections',
    help: 'Websockets this server relays to the owner of their room on another server (several servers, K5)',
    registers: [this.registry],
  });
  private readonly relayedCalls = new client.Counter({
    name: 'draftroom_relayed_requests_total',
    help: 'HTTP calls this server relayed to the owner of their room on another server (several servers, K5)',
    registers: [this.registry],
  });
  /** Counted as plain numbers on the hot path (a labelled inc per frame is measurable) and read at scrape time. */
  private readonly received = { sync: 0, awareness: 0 };
  private readonly refusals = new client.Counter({
    name: 'draftroom_refused_changes_total',
    help: 'Client changes refused and undone by the server, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly persistSeconds = new client.Histogram({
    name: 'draftroom_persist_seconds',
    help: 'Time to write one merged update to the store',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1],
    registers: [this.registry],
  });
  private readonly broadcastSeconds = new client.Histogram({
    name: 'draftroom_broadcast_seconds',
    help: 'Time to hand one frame to every connection of a room',
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
    registers: [this.registry],
  });

  private readonly writeFailures = new client.Counter({
    name: 'draftroom_store_write_failures_total',
    help: 'Writes to the store that failed (the change was undone; the room read-only until writes succeed)',
    registers: [this.registry],
  });
  /** Rooms whose writes fail now. */
  private readonly unableToSave = new Set<string>();

  constructor(openRooms: () => number) {
    const unableToSave = this.unableToSave;
    new client.Gauge({
      name: 'draftroom_rooms_unable_to_save',
      help: 'Open rooms whose writes to the store fail now (read-only until they succeed)',
      registers: [this.registry],
      collect() {
        this.set(unableToSave.size);
      },
    });
    const received = this.received;
    new client.Counter({
      name: 'draftroom_messages_total',
      help: 'Websocket messages received, by kind (sync = document updates and sync, awareness = presence)',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc({ kind: 'sync' }, received.sync);
        this.inc({ kind: 'awareness' }, received.awareness);
      },
    });
    new client.Gauge({
      name: 'draftroom_open_rooms',
      help: 'Rooms loaded in memory',
      registers: [this.registry],
      collect() {
        this.set(openRooms());
      },
    });
    client.collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  connectionOpened(): void {
    this.connections.inc();
  }
  connectionClosed(): void {
    this.connections.dec();
  }
  relayOpened(): void {
    this.relayedSockets.inc();
  }
  relayClosed(): void {
    this.relayedSockets.dec();
  }
  requestRelayed(): void {
    this.relayedCalls.inc();
  }
  messageReceived(kind: 'sync' | 'awareness'): void {
    this.received[kind]++;
  }
  refused(reason: string): void {
    this.refusals.inc({ reason });
  }
  observePersist(seconds: number): void {
    this.persistSeconds.observe(seconds);
  }
  observeBroadcast(seconds: number): void {
    this.broadcastSeconds.observe(seconds);
  }
  saveFailed(docId: string): void {
    this.writeFailures.inc();
    this.unableToSave.add(docId);
  }
  saveRecovered(docId: string): void {
    this.unableToSave.delete(docId);
  }
}
