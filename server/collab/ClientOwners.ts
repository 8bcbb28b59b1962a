/**
 * Who each Yjs and awareness client id in a room belongs to: the first person (identityKey)
 * to write or publish under it (PROTOCOL.md R3). It outlives their connection, so nobody can
 * take over the id of someone who stepped out.
 */
export class ClientOwners {
  private readonly owners = new Map<number, string>();

  /** True when `identity` may write or publish under `clientId`: it is theirs, or nobody's yet. */
  mayUse(clientId: number, identity: string): boolean {
    const owner = this.owners.get(clientId);
    return owner === undefined || owner === identity;
  }

  /** Gives `clientId` to `identity` if it is nobody's yet; false when it is someone else's. */
  claim(clientId: number, identity: string): boolean {
    const owner = this.owners.get(clientId);
    if (owner === undefined) this.owners.set(clientId, identity);
    return owner === undefined || owner === identity;
  }
}
