/**
 * Several servers on one database (REDIS_URL set; PROTOCOL.md K5): the parts a server adds to
 * itself to serve any room, owning some and relaying the rest. Without REDIS_URL none of this
 * runs and a server is alone on its data (K2).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { RoomRegistry } from '../collab/RoomRegistry.js';
import { PostgresStore } from '../store/postgres/PostgresStore.js';
import type { Store } from '../store/Store.js';
import { StartupRefusal } from '../store/dataDir.js';
import { withoutPassword } from '../store/postgres/postgresRefusal.js';
import { RoomLeases } from './RoomLeases.js';
import { RoomPlacement } from './RoomPlacement.js';
import { RoomLinks } from './RoomLinks.js';
import type { ServerMetrics } from '../metrics.js';

export interface Cluster {
  /** This server's name among the others (random at each start). */
  instance: string;
  leases: RoomLeases;
  placement: RoomPlacement;
  /** The links over which this server carries its clients of rooms other servers own. */
  links: RoomLinks;
}

/**
 * Connects to Redis and makes the room registry load only rooms this server owns. `instanceUrl`
 * is where the other servers reach this one (INSTANCE_URL; by default the address it listens
 * on, known once it listens: setUrl). Throws StartupRefusal when Redis does not answer.
 */
export async function startCluster(
  redisUrl: string,
  store: Store,
  rooms: RoomRegistry,
  adminToken: string,
  metrics: ServerMetrics,
  log: FastifyBaseLogger,
): Promise<Cluster> {
  if (!(store instanceof PostgresStore))
    throw new StartupRefusal('REDIS_URL needs DATABASE_URL: several servers share one PostgreSQL database');
  const instance = randomBytes(6).toString('base64url');
  let placement: RoomPlacement | undefined;
  const leases = new RoomLeases(redisUrl, instance, (docId) => placement?.lost(docId), log);
  try {
    await leases.start();
  } catch (error) {
    await leases.stop();
    throw new StartupRefusal(
      `REDIS_URL ${withoutPassword(redisUrl)} does not answer (${(error as Error).message}); start Redis or correct REDIS_URL`,
    );
  }
  placement = new RoomPlacement(leases, store, rooms, log);
  const placed = placement;
  rooms.setOwnership({ owns: (docId) => leases.holds(docId), unloaded: (docId) => placed.unloaded(docId) });
  return { instance, leases, placement, links: new RoomLinks(adminToken, metrics) };
}
