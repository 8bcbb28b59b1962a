/**
 * Open sessions by invite: ends them within a second when their invite is revoked (4403)
 * or expires (4401), and counts connections per invite for the abuse limits.
 */
import { CloseCode } from '../../shared/protocol.js';
import { SESSION_RECHECK_MS } from '../../shared/limits.js';
import type { AuthError, Authenticator } from '../auth/Authenticator.js';
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
    const connections = this.byInvite.get(inviteId);
    const first = connections?.values().next().value;
    if (first === undefined) return;
    const problem = this.auth.recheck(first.session);
    if (problem !== null) this.end(connections!, problem);
  }

  /** Every invite with open sessions, re-checked in one read of the store: its connections share its revocation and expiry. */
  private recheckAll(): void {
    const firsts = [...this.byInvite.values()].flatMap((connections) => {
      const first = connections.values().next().value;
      return first === undefined ? [] : [first.session];
    });
    if (firsts.length === 0) return;
    let ended: Map<string, AuthError>;
    try {
      ended = this.auth.recheckAll(firsts);
    } catch {
      // The store cannot be read (a database gone away, K3): the sessions stand as they were
      // checked last, and the next round checks them again.
      return;
    }
    for (const [inviteId, problem] of ended) {
      const connections = this.byInvite.get(inviteId);
      if (connections !== undefined) this.end(connections, problem);
    }
  }

  private end(connections: Set<Connection>, problem: AuthError): void {
    const code = problem.status === 401 ? CloseCode.unauthenticated : CloseCode.forbidden;
    for (const connection of [...connections]) connection.close(code, `${problem.code}: ${problem.message}`);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
