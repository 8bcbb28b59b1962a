/** The parts of a running server that routes use, built once by buildApp. */
import type { Store } from './store/Store.js';
import type { WorkflowStore } from './store/Store.js';
import type { Authenticator } from './auth/Authenticator.js';
import type { AdminToken } from './auth/adminToken.js';
import type { RoomRegistry } from './collab/RoomRegistry.js';
import type { SessionWatch } from './collab/SessionWatch.js';
import type { InviteIssuer } from './rooms/invites.js';
import type { ServerMetrics } from './metrics.js';
import type { SilenceClock } from './workflow/silence.js';
import type { Cluster } from './cluster/cluster.js';

export interface ServerContext {
  store: Store;
  /** Amendments, comments, readings and the projector (same database as `store`). */
  workflow: WorkflowStore;
  auth: Authenticator;
  admin: AdminToken;
  rooms: RoomRegistry;
  sessions: SessionWatch;
  invites: InviteIssuer;
  metrics: ServerMetrics;
  /** Ends silence procedures at their deadlines (Q3). */
  silence: SilenceClock;
  /** The zone of rooms that have none of their own (config.roomTimeZone). */
  defaultTimeZone: string;
  /** Present when several servers share the database (REDIS_URL, K5). */
  cluster?: Cluster;
}
