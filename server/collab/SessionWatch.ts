/**
 * Open sessions by invite: ends them within a second when their invite is revoked (4403)
 * or expires (4401), and counts connections per invite for the abuse limits.
 */
import { CloseCode } from '../../shared/protocol.js';
import { SESSION_RECHECK_MS } from '../../shared/limits.js';
import type { Authenticator } from '../auth/Authenticator.js';
import type { Connection } from './Connection.js';

export class SessionWatch {
  private readonly byInvite = new Map<string, Set<Connection>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly auth: Authenticator) {
    this.timer = setInterval(() => this.recheckAll(), SESSION_RECHECK_MS);
    this.timer.unref();
  }

  add(connection: Connection): void {
    const set = this.byInvite.get(connection.session.inviteId) ?? new Set();
    set.add(connection);
    this.byInvite.set(connection.session.inviteId, set);
  }

  remove(connection: Connection): void {
    const set = this.byInvite.get(connection.session.inviteId);
    set?.delete(connection);
    if (set?.size === 0) this.byInvite.delete(connection.session.inviteId);
  }

  countFor(inviteId: string): number {
    return this.byInvite.get(inviteId)?.size ?? 0;
  }

  /** Ends every open session of an invite now (called when it is revoked). */
  endInvite(inviteId: string): void {
    this.recheck(this.byInvite.get(inviteId));
  }

  private recheckAll(): void {
    for (const set of this.byInvite.values()) {
      try {
        this.recheck(set);
      } catch {
        // The store cannot be read (a database gone away, K3): the sessions stand as they were
        // checked last, and the next round checks them again.
      }
    }
  }

  /** One store lookup per invite: its connections share its revocation and expiry. */
  private recheck(connections: Set<Connection> | undefined): void {
    const first = connections?.values().next().value;
    if (first === undefined) return;
    const problem = this.auth.recheck(first.session);
    if (problem === null) return;
    const code = problem.status === 401 ? CloseCode.unauthenticated : CloseCode.forbidden;
    for (const connection of [...connections!]) connection.close(code, `${problem.code}: ${problem.message}`);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
