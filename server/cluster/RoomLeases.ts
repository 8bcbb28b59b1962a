/**
 * Which server owns which room when several share one database (REDIS_URL set; PROTOCOL.md K5):
 * a lease in Redis per room, taken by one server at a time, renewed while the room is loaded
 * there, and lost after LEASE_MS without renewal (a server killed or paused). The lease says
 * who the owner is and where other servers reach it. It is only a hint about safety: a server
 * that believes it still owns a room after losing the lease is stopped by the fencing token in
 * the database (PostgresStore.claimRoom), not by Redis.
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';

/** How long a lease lasts without renewal: the longest a dead owner keeps its rooms. */
export const LEASE_MS = 3_000;
/** How often an owner renews its leases (three chances before one runs out). */
export const RENEW_EVERY_MS = 1_000;

/** Another server's lease on a room: which server, and the address other servers reach it at. */
export interface Lease {
  instance: string;
  url: string;
}

const KEY_PREFIX = 'draftroom:room-owner:';

// Each script does its check and its write in one step, so two servers never both take a lease.
const ACQUIRE = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return redis.call('GET', KEYS[1])`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RoomLeases {
  private readonly redis: Redis;
  /** Rooms whose lease this server holds, and until when it surely holds it (the last renewal's start + LEASE_MS). */
  private readonly held = new Map<string, number>();
  /** Where the other servers reach this one; set once it listens (setUrl). */
  private url = '';
  private renewTimer: NodeJS.Timeout | null = null;
  /** Releases under way: a room is taken again only once its release is done. */
  private readonly releasing = new Map<string, Promise<void>>();

  /**
   * `lost` is called for a room whose lease this server no longer holds (another server took
   * it, or it could not be renewed in time): the room must stop serving at once.
   */
  constructor(
    redisUrl: string,
    readonly instance: string,
    private readonly lost: (docId: string) => void,
    private readonly log: FastifyBaseLogger,
  ) {
    // Commands fail at once while Redis is away, instead of queueing until it is back: a room
    // that cannot be placed is answered "try again" (K5), never kept waiting without a bound.
    this.redis = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      // A Redis that stopped answering is noticed within a renewal, not waited for.
      commandTimeout: RENEW_EVERY_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 1_000),
    });
    this.redis.on('error', (error) => this.log.debug({ err: error }, 'redis connection error'));
  }

  /** Connects; throws when Redis cannot be reached. */
  async start(): Promise<void> {
    await this.redis.connect();
    await this.redis.ping();
    this.renewTimer = setInterval(() => void this.renewAll(), RENEW_EVERY_MS);
    this.renewTimer.unref();
  }

  /** Where the other servers reach this one (http://host:port); no lease is taken before it is set. */
  setUrl(url: string): void {
    this.url = url;
  }

  /** What a lease of this server holds: its name and address. */
  private get value(): string {
    return `${this.instance} ${this.url}`;
  }

  /** True while this server surely holds the room's lease. */
  holds(docId: string): boolean {
    return (this.held.get(docId) ?? 0) > Date.now();
  }

  /** The rooms this server owns now. */
  owned(): string[] {
    return [...this.held.keys()].filter((docId) => this.holds(docId));
  }

  /** Takes the room's lease if nobody holds it: 'taken', or the lease of the server that holds it. */
  async acquire(docId: string): Promise<'taken' | Lease> {
    if (this.url === '') throw new Error('a lease is taken only once the server listens');
    await this.releasing.get(docId);
    const started = Date.now();
    const answer = (await this.redis.eval(ACQUIRE, 1, KEY_PREFIX + docId, this.value, LEASE_MS)) as number | string | null;
    if (answer === 1 || answer === this.value) {
      this.held.set(docId, started + LEASE_MS);
      return 'taken';
    }
    if (typeof answer !== 'string') return this.acquire(docId); // it ran out between the two steps
    const space = answer.indexOf(' ');
    return { instance: answer.slice(0, space), url: answer.slice(space + 1) };
  }

  /** Gives the room's lease back (the room was unloaded here), if this server still holds it. */
  async release(docId: string): Promise<void> {
    if (!this.held.delete(docId)) return;
    const done = this.redis
      .eval(RELEASE, 1, KEY_PREFIX + docId, this.value)
      .then(() => undefined)
      .catch((error: unknown) => {
        // Left to run out by itself.
        this.log.warn({ err: error, docId }, 'could not give a room lease back');
      })
      .finally(() => {
        if (this.releasing.get(docId) === done) this.releasing.delete(docId);
      });
    this.releasing.set(docId, done);
    await done;
  }

  /** Whether Redis answers now (/healthz). */
  async ping(): Promise<boolean> {
    try {
      await this.redis.ping();
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    if (this.renewTimer !== null) clearInterval(this.renewTimer);
    await Promise.all([...this.held.keys()].map((docId) => this.release(docId)));
    this.redis.disconnect();
  }

  private async renewAll(): Promise<void> {
    const rooms = [...this.held.keys()];
    if (rooms.length === 0) return;
    const started = Date.now();
    let answers: Array<[Error | null, unknown]> | null = null;
    try {
      const batch = this.redis.pipeline();
      for (const docId of rooms) batch.eval(RENEW, 1, KEY_PREFIX + docId, this.value, LEASE_MS);
      answers = await batch.exec();
    } catch (error) {
      this.log.warn({ err: error }, 'could not renew room leases');
    }
    rooms.forEach((docId, i) => {
      if (!this.held.has(docId)) return; // released meanwhile
      const [error, renewed] = answers?.[i] ?? [new Error('no answer'), 0];
      if (error === null && renewed === 1) {
        this.held.set(docId, started + LEASE_MS);
        return;
      }
      // Not renewed: someone else holds it, or it may run out before we can say.
      if (error === null || !this.holds(docId)) {
        this.held.delete(docId);
        this.log.warn({ docId }, 'lost the lease of a room');
        this.lost(docId);
      }
    });
  }
}

/** Redis cannot be asked now (down, unreachable, or its connection not ready): a room cannot be placed; try again. */
export function isCoordinationUnavailable(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Connection is closed|Stream isn't writeable|enableOfflineQueue|ECONNREFUSED|ETIMEDOUT|Reached the max retries|Command timed out/.test(
    message,
  );
}
